#pragma once
// The minutes as a person reads them from an email link: the page, and its PDF.
#include "render/mime.hpp"
#include "store/database.hpp"

#include <functional>
#include <optional>
#include <string>

namespace sanaksme::api {

using store::json;

// The document of the meeting's circulated or approved minutes in `lang`; none while a draft.
std::optional<json> readable_minutes(store::connection& conn, const json& meeting_row, const std::string& lang);
std::string minutes_html(const json& document);
// Laid out page by page: call it outside a transaction when you can.
std::string minutes_pdf(const json& document);
std::string minutes_pdf_name(const json& meeting_row, const std::string& lang);
// The PDF every "minutes available" email carries, per language (mail::generate_request::attachment);
// valid while `conn`'s transaction is.
std::function<std::optional<render::attachment>(const std::string&)> minutes_attachment(store::connection& conn,
                                                                                        const json& meeting_row);

} // namespace sanaksme::api
