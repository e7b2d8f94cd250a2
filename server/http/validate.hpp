#pragma once
// Declarative checks of JSON request bodies: every field a resource accepts, with its type,
// whether it is required, and its limits. Unknown and read-only fields are refused (422).
#include "http/api_error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace sanaksme::http {

using json = nlohmann::json;

enum class field_type {
    text,       // one line, no control characters
    long_text,  // may hold line breaks and tabs
    integer,
    boolean,
    instant,    // RFC 3339 date-time with offset
    date,       // YYYY-MM-DD
    email,
    url,        // absolute http(s) URL
    language,   // 'lv', 'en', 'ru', … (ISO 639-1 or -2, lower case)
    timezone,   // IANA name
    choice,     // one of `choices`
    id_list,    // array of positive integers
    object,     // nested object, checked by `nested`
};

struct field {
    std::string_view name;
    field_type type;
    bool required = false;
    bool nullable = true;
    json default_value = nullptr;
    std::vector<std::string_view> choices = {};
    std::size_t max_length = 500;
    std::int64_t min = std::numeric_limits<std::int64_t>::min();
    std::int64_t max = std::numeric_limits<std::int64_t>::max();
    const std::vector<field>* nested = nullptr;
};

struct schema {
    std::vector<field> fields;
    std::vector<std::string_view> read_only; // accepted in no request; named so the error says why
};

// Checks the client's fields (types, limits, unknown, read-only). Does not check `required`.
void check_fields(const json& body, const schema& s, std::vector<field_error>& errors);
// Checks that every required field of a complete object has a value.
void check_required(const json& merged, const schema& s, std::vector<field_error>& errors);
// Throws 422 when there are errors.
void throw_if_any(std::vector<field_error>& errors);

// The object a POST creates: defaults, then the client's fields; validated completely.
json merge_for_create(const json& body, const schema& s);
// The object a PATCH leaves: the current one with the client's fields replaced; validated completely.
json merge_for_patch(const json& current, const json& body, const schema& s);

// The schema's fields of a stored object (what a PATCH merges into), nothing else.
json project(const json& stored, const schema& s);

bool valid_email(std::string_view s);
bool valid_http_url(std::string_view s);

} // namespace sanaksme::http
