#pragma once
// The minutes as a person reads them from an email link: the page, and its PDF; and what the
// exports of minutes and reports share (their language, their answer).
#include "http/message.hpp"
#include "domain/minutes.hpp"
#include "render/mime.hpp"
#include "render/minutes_document.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

#include <functional>
#include <optional>
#include <string>

namespace sanaksme::mail {
struct compose_settings;
}

namespace sanaksme::api {

using store::json;
using render::minutes_html;
// Laid out page by page: call it outside a transaction when you can.
using render::minutes_pdf;

// The document of the meeting's circulated or approved minutes in `lang`; none while a draft.
std::optional<json> readable_minutes(store::connection& conn, const json& meeting_row, const std::string& lang);
// What approval freezes: the minutes' document model from the records as they are now.
// The writes of a save, shared by PUT /minutes and the web editor (both check the body first):
// the new version, audited as `who`, and when this save first circulates the minutes, the
// "minutes available" email with their PDF queued. True when mail was queued (wake the worker).
bool record_minutes(store::connection& conn, const store::actor& who, const json& meeting_row,
                    const std::optional<json>& current, const std::string& status, const json& body,
                    const mail::compose_settings& mail_settings);
// Approval as `who`: the rule, the approval and the frozen document in one transaction, audited.
void record_approval(store::connection& conn, const store::actor& who, const json& meeting_row);
std::string minutes_pdf_name(const json& meeting_row, const std::string& lang);
// The action items still open once `meeting` was held (of the series before it, and its own), in
// order: what the next meeting reviews.
std::vector<domain::open_action_item> action_items_open_after(store::connection& conn, const json& meeting);
// The PDF every "minutes available" email carries, per language (mail::generate_request::attachment);
// valid while `conn`'s transaction is.
std::function<std::optional<render::attachment>(const std::string&)> minutes_attachment(store::connection& conn,
                                                                                        const json& meeting_row);

// ?lang= of an export, else `fallback`: lv or en (400 otherwise).
std::string export_lang(const http::context& c, const std::string& fallback);
// An export shown in the browser, saved under `filename`.
http::response export_response(std::string content_type, std::string body, const std::string& filename);

} // namespace sanaksme::api
