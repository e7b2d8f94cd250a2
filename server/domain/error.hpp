#pragma once
// The one failure type of the rules: domain code throws it, `api/dispatch` maps it to problem+json
// (and the web pages to a page) in one place. It knows no HTTP.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sanaksme::domain {

enum class error_kind {
    invalid,    // the input breaks a rule (422, with field errors when a field is to blame)
    not_found,  // the thing named does not exist, or the caller may not know it does (404)
    conflict,   // the state of things forbids it now (409)
    forbidden,  // the caller's role or organization may not do it (403)
    stale,      // the caller's version of the thing is not the current one (412)
};

struct field_error {
    std::string field;
    std::string message;
};

class error : public std::runtime_error {
public:
    error(error_kind kind, std::string detail, std::vector<field_error> fields = {})
        : std::runtime_error(std::move(detail)), kind_(kind), fields_(std::move(fields))
    {
    }
    error_kind kind() const { return kind_; }
    const std::vector<field_error>& fields() const { return fields_; }

private:
    error_kind kind_;
    std::vector<field_error> fields_;
};

inline error invalid(std::string detail, std::vector<field_error> fields = {})
{
    return {error_kind::invalid, std::move(detail), std::move(fields)};
}
inline error invalid_field(std::string field, std::string message)
{
    return {error_kind::invalid, "The request has an invalid field.", {{std::move(field), std::move(message)}}};
}
inline error not_found(std::string detail) { return {error_kind::not_found, std::move(detail)}; }
inline error conflict(std::string detail) { return {error_kind::conflict, std::move(detail)}; }
inline error forbidden(std::string detail) { return {error_kind::forbidden, std::move(detail)}; }
inline error stale(std::string detail) { return {error_kind::stale, std::move(detail)}; }

} // namespace sanaksme::domain
