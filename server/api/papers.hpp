#pragma once
// What the API's paper routes and the web pages share: storing an upload, the download answer,
// and removing a paper.
#include "http/message.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

#include <optional>
#include <set>
#include <string>

namespace sanaksme::api {

// Stores the request's multipart/form-data upload as a paper of the meeting (or of the item);
// returns the paper as the API shows it. Text parts named in `ignored` (a page's csrf) are skipped.
http::json upload_paper(http::context& c, std::int64_t meeting_id, std::optional<std::int64_t> item_id,
                        const store::actor& who, const std::set<std::string>& ignored = {});
// The answer that streams the paper's file (a row of store::find_paper), as an attachment.
http::response paper_download(const http::context& c, const http::json& row);
// Soft-deletes the paper (409 once the meeting's minutes are approved).
void remove_paper(store::connection& conn, const http::json& row, const store::actor& who);
http::json render_paper(const http::json& row);
// A text part of a multipart/form-data request (a page's csrf beside the file); nullopt when the
// request is not multipart, is malformed, or has no such part.
std::optional<std::string> multipart_text_field(const http::context& c, std::string_view name);

} // namespace sanaksme::api
