#pragma once
// The one error type of the request path: thrown by handlers (domain code throws domain::error,
// mapped here), rendered once as RFC 9457 problem+json at the dispatch boundary.
#include "domain/error.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sanaksme::http {

struct field_error {
    std::string field;
    std::string message;
};

class api_error : public std::runtime_error {
public:
    api_error(unsigned status, std::string title, std::string detail, std::vector<field_error> errors = {});

    unsigned status() const { return status_; }
    const std::string& title() const { return title_; }
    const std::vector<field_error>& errors() const { return errors_; }
    std::vector<std::pair<std::string, std::string>> headers;

    nlohmann::json to_json() const;

private:
    unsigned status_;
    std::string title_;
    std::vector<field_error> errors_;
};

// The statuses the contract names, each with its standard title.
api_error bad_request(std::string detail);
api_error unauthorized(std::string detail);
api_error forbidden(std::string detail);
api_error not_found(std::string detail);
api_error conflict(std::string detail);
api_error precondition_failed(std::string detail);
api_error unsupported_media_type(std::string detail);
api_error unprocessable(std::string detail, std::vector<field_error> errors = {});
api_error unprocessable_field(std::string field, std::string message);

// The answer for a broken rule: invalid → 422, not_found → 404, conflict → 409, forbidden → 403,
// stale → 412.
api_error from_domain(const domain::error& e);

} // namespace sanaksme::http
