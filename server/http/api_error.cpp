#include "http/api_error.hpp"

namespace sanaksme::http {

namespace {

std::string type_for(unsigned status)
{
    switch (status) {
    case 400: return "urn:sanaksme:problem:bad-request";
    case 401: return "urn:sanaksme:problem:unauthorized";
    case 403: return "urn:sanaksme:problem:forbidden";
    case 404: return "urn:sanaksme:problem:not-found";
    case 405: return "urn:sanaksme:problem:method-not-allowed";
    case 409: return "urn:sanaksme:problem:conflict";
    case 412: return "urn:sanaksme:problem:precondition-failed";
    case 413: return "urn:sanaksme:problem:payload-too-large";
    case 415: return "urn:sanaksme:problem:unsupported-media-type";
    case 422: return "urn:sanaksme:problem:validation";
    case 429: return "urn:sanaksme:problem:rate-limited";
    case 431: return "urn:sanaksme:problem:headers-too-large";
    case 503: return "urn:sanaksme:problem:unavailable";
    default: return "about:blank";
    }
}

} // namespace

api_error::api_error(unsigned status, std::string title, std::string detail, std::vector<field_error> errors)
    : std::runtime_error(std::move(detail)), status_(status), title_(std::move(title)), errors_(std::move(errors))
{
}

nlohmann::json api_error::to_json() const
{
    nlohmann::json j = {{"type", type_for(status_)}, {"title", title_}, {"status", status_}, {"detail", what()}};
    if (!errors_.empty()) {
        auto& list = j["errors"] = nlohmann::json::array();
        for (const auto& e : errors_)
            list.push_back({{"field", e.field}, {"message", e.message}});
    }
    return j;
}

api_error bad_request(std::string detail) { return {400, "Bad Request", std::move(detail)}; }
api_error unauthorized(std::string detail)
{
    api_error e{401, "Unauthorized", std::move(detail)};
    e.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sanaksme\"");
    return e;
}
api_error forbidden(std::string detail) { return {403, "Forbidden", std::move(detail)}; }
api_error not_found(std::string detail) { return {404, "Not Found", std::move(detail)}; }
api_error conflict(std::string detail) { return {409, "Conflict", std::move(detail)}; }
api_error precondition_failed(std::string detail) { return {412, "Precondition Failed", std::move(detail)}; }
api_error unsupported_media_type(std::string detail) { return {415, "Unsupported Media Type", std::move(detail)}; }
api_error unprocessable(std::string detail, std::vector<field_error> errors)
{
    return {422, "Unprocessable Content", std::move(detail), std::move(errors)};
}
api_error unprocessable_field(std::string field, std::string message)
{
    return unprocessable("The request has an invalid field.", {{std::move(field), std::move(message)}});
}

api_error from_domain(const domain::error& e)
{
    switch (e.kind()) {
    case domain::error_kind::invalid: {
        std::vector<field_error> errors;
        for (const auto& f : e.fields())
            errors.push_back({f.field, f.message});
        return unprocessable(e.what(), std::move(errors));
    }
    case domain::error_kind::not_found: return not_found(e.what());
    case domain::error_kind::conflict: {
        std::vector<field_error> errors;
        for (const auto& f : e.fields())
            errors.push_back({f.field, f.message});
        return {409, "Conflict", e.what(), std::move(errors)};
    }
    case domain::error_kind::forbidden: return forbidden(e.what());
    case domain::error_kind::stale: return precondition_failed(e.what());
    }
    return {500, "Internal Server Error", "The server could not complete the request."};
}

} // namespace sanaksme::http
