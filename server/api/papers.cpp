// /api/v1/meetings/{id}/papers, /api/v1/agenda/{item_id}/papers, /api/v1/papers/{id}[/file]:
// uploads read from the spooled body piece by piece, stored by hash, typed by their bytes. Over
// 400 lines: the upload's reading (its multipart sink and fields) belongs with the routes it serves.
#include "api/common.hpp"
#include "api/dispatch.hpp"
#include "api/handlers.hpp"
#include "api/papers.hpp"
#include "auth/links.hpp"
#include "domain/paper.hpp"
#include "domain/time.hpp"
#include "http/multipart.hpp"
#include "store/meetings.hpp"
#include "store/minutes.hpp"
#include "store/papers.hpp"

#include <boost/beast/http/verb.hpp>

#include <charconv>
#include <cstdio>
#include <fstream>

namespace sanaksme::api {

namespace {

const http::schema paper_schema{
    {
        {.name = "title", .type = http::field_type::text, .required = true, .nullable = false,
         .max_length = domain::paper_title_max},
        {.name = "visibility", .type = http::field_type::choice, .nullable = false, .default_value = "members",
         .choices = {domain::paper_visibilities.begin(), domain::paper_visibilities.end()}},
        {.name = "agenda_item_id", .type = http::field_type::integer, .min = 1},
    },
    {"id", "meeting_id", "file_name", "content_type", "size", "sha256", "file_url", "created_at", "updated_at"}};

constexpr std::size_t max_text_part = 4096;

std::string papers_dir(const http::context& c)
{
    return store::papers_directory(c.env.settings.db_path, c.env.settings.papers_dir);
}

bool valid_utf8(const std::string& s)
{
    try {
        (void)json(s).dump();
        return true;
    } catch (const json::type_error&) {
        return false;
    }
}

// The parts of an upload: the file goes to disk as it comes, the few text fields into memory.
class upload_sink : public http::multipart_sink {
public:
    upload_sink(std::string dir, const std::set<std::string>& ignored) : dir_(std::move(dir)), ignored_(ignored) {}

    void on_part(const http::part_head& head) override
    {
        current_ = head.name;
        if (ignored_.contains(head.name)) {
            current_.clear();
        } else if (head.name == "file") {
            if (file_ || !head.filename)
                throw http::unprocessable_field("file", file_ ? "is sent twice" : "must be a file part (with a filename)");
            file_.emplace(dir_);
            file_name_ = *head.filename;
        } else if (head.name == "title" || head.name == "visibility" || head.name == "agenda_item_id") {
            if (fields_.contains(head.name))
                throw http::unprocessable_field(head.name, "is sent twice");
            fields_[head.name] = "";
        } else {
            throw http::unprocessable_field(head.name, "is not a field of a paper");
        }
    }
    void on_data(std::string_view bytes) override
    {
        if (current_.empty())
            return;
        if (current_ == "file")
            return file_->write(bytes);
        auto& text = fields_[current_].get_ref<std::string&>();
        if (text.size() + bytes.size() > max_text_part)
            throw http::unprocessable_field(current_, "is too long");
        text.append(bytes);
    }
    void on_part_end() override { current_.clear(); }

    std::optional<store::incoming_paper> file_;
    std::string file_name_;
    json fields_ = json::object();

private:
    std::string dir_;
    const std::set<std::string>& ignored_;
    std::string current_; // empty: an ignored part
};

// The uploaded name without a path (browsers on Windows send one), bounded.
std::string base_name(std::string name)
{
    if (auto slash = name.find_last_of("/\\"); slash != std::string::npos)
        name.erase(0, slash + 1);
    if (name.size() > 255)
        name.resize(255);
    return valid_utf8(name) ? name : "upload";
}

std::string default_title(const std::string& file_name)
{
    auto dot = file_name.rfind('.');
    auto t = dot == std::string::npos || dot == 0 ? file_name : file_name.substr(0, dot);
    return t.empty() ? "paper" : t;
}

// The text fields as JSON: agenda_item_id as a number.
json form_fields(json fields)
{
    for (auto& [k, v] : fields.items()) {
        auto& s = v.get_ref<std::string&>();
        if (!valid_utf8(s))
            throw http::unprocessable_field(k, "is not UTF-8 text");
    }
    if (fields.contains("agenda_item_id")) {
        auto& s = fields["agenda_item_id"].get_ref<std::string&>();
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc{} || p != s.data() + s.size() || v <= 0)
            throw http::unprocessable_field("agenda_item_id", "must be a positive integer");
        fields["agenda_item_id"] = v;
    }
    return fields;
}

json paper_json(const json& row)
{
    json p = row;
    auto id = row["id"].get<std::int64_t>();
    p["file_url"] = "/api/v1/papers/" + std::to_string(id) + "/file";
    p["created_at"] = domain::format_rfc3339_utc(row["created_at"].get<std::int64_t>());
    p["updated_at"] = domain::format_rfc3339_utc(row["updated_at"].get<std::int64_t>());
    p.erase("version");
    p.erase("deleted_at");
    return p;
}

std::optional<domain::caller> caller_or_none(const http::context& c)
{
    if (!c.who)
        return std::nullopt;
    return caller_of(*c.who);
}

// A paper the caller may see (404 for one deleted, unknown or hidden from them).
json visible_paper(const http::context& c, store::connection& conn, std::int64_t id, bool signed_link = false)
{
    auto row = store::find_paper(conn, id);
    if (!row || !(*row)["deleted_at"].is_null() ||
        !domain::may_see_paper((*row)["visibility"].get<std::string>(), caller_or_none(c), signed_link))
        throw http::not_found("No paper has the id " + std::to_string(id) + ".");
    return *row;
}

json visible_list(const http::context& c, const json& rows)
{
    auto who = caller_or_none(c);
    json items = json::array();
    for (const auto& r : rows)
        if (domain::may_see_paper(r["visibility"].get<std::string>(), who, false))
            items.push_back(paper_json(r));
    return items;
}

void feed_body(const http::context& c, http::multipart_reader& reader)
{
    if (!c.upload) {
        reader.feed(c.req.body());
        return;
    }
    std::ifstream in(c.upload->path(), std::ios::binary);
    std::string piece(64 * 1024, '\0');
    while (in) {
        in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
        if (auto n = in.gcount(); n > 0)
            reader.feed(std::string_view(piece.data(), static_cast<std::size_t>(n)));
    }
}

// The meeting of an agenda item (404 for an unknown item).
std::int64_t meeting_of_item(store::connection& conn, std::int64_t item_id)
{
    auto item = store::find_agenda_row(conn, item_id);
    if (!item)
        throw http::not_found("No agenda item has the id " + std::to_string(item_id) + ".");
    return (*item)["meeting_id"].get<std::int64_t>();
}

// A paper's agenda_item_id, when set, names an item of its own meeting (422 otherwise).
void check_item_of_meeting(store::connection& conn, const json& paper, std::int64_t meeting_id)
{
    if (!paper["agenda_item_id"].is_number_integer())
        return;
    auto item = store::find_agenda_row(conn, paper["agenda_item_id"].get<std::int64_t>());
    if (!item || (*item)["meeting_id"] != meeting_id)
        throw http::unprocessable_field("agenda_item_id", "is not an item of this meeting's agenda");
}

bool minutes_approved(store::connection& conn, std::int64_t meeting_id)
{
    auto m = store::find_minutes(conn, meeting_id);
    return m && (*m)["status"] == "approved";
}

} // namespace

json render_paper(const json& row) { return paper_json(row); }

json upload_paper(http::context& c, std::int64_t meeting_id, std::optional<std::int64_t> item_id, const store::actor& who,
                  const std::set<std::string>& ignored)
{
    auto boundary = http::multipart_boundary(c.header("Content-Type"));
    if (!boundary)
        throw http::unsupported_media_type("A paper is uploaded as multipart/form-data with a boundary.");
    // The meeting (or item) first: nothing is written for an unknown one.
    c.env.db.read([&](store::connection& conn) {
        store::load_meeting_row(conn, meeting_id);
        domain::require_papers_open(minutes_approved(conn, meeting_id));
        return 0;
    });
    upload_sink sink(papers_dir(c), ignored);
    http::multipart_reader reader(*boundary, sink);
    feed_body(c, reader);
    reader.finish();
    if (!sink.file_)
        throw http::unprocessable_field("file", "is required");
    auto& file = *sink.file_;
    file.finish();
    auto type = domain::allowed_paper_type(file.sniffed_type());
    if (!type)
        throw http::unsupported_media_type("The file's bytes are " + file.sniffed_type() +
                                           "; papers may be PDF, DOCX, ODT, PPTX, XLSX, PNG or JPEG.");
    auto file_name = base_name(sink.file_name_);
    json body = form_fields(sink.fields_);
    if (item_id && body.contains("agenda_item_id"))
        throw http::unprocessable_field("agenda_item_id", "is given by the path");
    if (!body.contains("title") || body["title"] == "")
        body["title"] = default_title(file_name);
    auto paper = http::merge_for_create(body, paper_schema);
    if (item_id)
        paper["agenda_item_id"] = *item_id;
    file.keep();
    auto sha = file.sha256();
    auto size = file.size();
    return c.env.db.write([&](store::connection& conn) {
        store::load_meeting_row(conn, meeting_id);
        check_item_of_meeting(conn, paper, meeting_id);
        domain::require_papers_open(minutes_approved(conn, meeting_id));
        json row = paper;
        row["meeting_id"] = meeting_id;
        row["file_name"] = file_name;
        row["content_type"] = std::string(type->mime);
        row["size"] = size;
        row["sha256"] = sha;
        auto id = store::insert_paper(conn, row);
        auto created = paper_json(*store::find_paper(conn, id));
        store::audit(conn, who, "create", "paper", id, nullptr, created);
        return created;
    });
}

void remove_paper(store::connection& conn, const json& row, const store::actor& who)
{
    auto id = row["id"].get<std::int64_t>();
    domain::require_papers_open(minutes_approved(conn, row["meeting_id"].get<std::int64_t>()));
    store::mark_paper_deleted(conn, id);
    store::audit(conn, who, "delete", "paper", id, paper_json(row), nullptr);
}

http::response paper_download(const http::context& c, const json& row)
{
    auto path = store::paper_file_path(papers_dir(c), row["sha256"].get<std::string>());
    std::shared_ptr<std::FILE> f(std::fopen(path.c_str(), "rb"), [](std::FILE* p) {
        if (p)
            std::fclose(p);
    });
    if (!f)
        throw std::runtime_error("paper file missing: " + path);
    http::response r;
    r.content_type = row["content_type"].get<std::string>();
    r.file = std::move(f);
    r.file_size = row["size"].get<std::uint64_t>();
    auto ext = domain::allowed_paper_type(r.content_type);
    r.header("Content-Disposition",
             domain::attachment_disposition(domain::paper_download_name(row["title"].get<std::string>(),
                                                                        ext ? ext->extension : "bin")));
    r.header("X-Content-Type-Options", "nosniff");
    r.header("ETag", "\"" + row["sha256"].get<std::string>() + "\"");
    // Anything but a public paper stays out of shared caches.
    r.personal = row["visibility"] != "public";
    return r;
}

std::optional<std::string> multipart_text_field(const http::context& c, std::string_view name)
{
    auto boundary = http::multipart_boundary(c.header("Content-Type"));
    if (!boundary)
        return std::nullopt;
    struct finder : http::multipart_sink {
        std::string_view wanted;
        bool inside = false;
        std::optional<std::string> found;
        void on_part(const http::part_head& h) override
        {
            inside = !h.filename && h.name == wanted && !found;
            if (inside)
                found.emplace();
        }
        void on_data(std::string_view b) override
        {
            if (inside && found->size() + b.size() <= max_text_part)
                found->append(b);
        }
        void on_part_end() override { inside = false; }
    } sink;
    sink.wanted = name;
    try {
        http::multipart_reader reader(*boundary, sink);
        feed_body(c, reader);
        reader.finish();
    } catch (const http::api_error&) {
        return std::nullopt;
    }
    return sink.found;
}

namespace {

http::response upload(http::context& c, std::int64_t meeting_id, std::optional<std::int64_t> item_id)
{
    auto created = upload_paper(c, meeting_id, item_id, actor_of(c));
    auto id = created["id"].get<std::int64_t>();
    return resource_response(201, created, id, 1).header("Location", "/api/v1/papers/" + std::to_string(id));
}

} // namespace

std::optional<net::spool_target> upload_spool_target(const config& cfg, const http::beast_request::header_type& h)
{
    if (h.method() != http::verb::post)
        return std::nullopt;
    auto target = std::string_view(h.target());
    target = target.substr(0, target.find('?'));
    if (!target.ends_with("/papers"))
        return std::nullopt;
    auto dir = store::papers_directory(cfg.db_path, cfg.papers_dir);
    try {
        return net::spool_target{cfg.upload_limit, store::prepare_papers_directory(dir)};
    } catch (const std::exception&) {
        return std::nullopt; // the handler answers, and the body limit of the others holds
    }
}

net::spool_policy upload_spool(const config& cfg)
{
    return [&cfg](const http::beast_request::header_type& h) { return upload_spool_target(cfg, h); };
}

http::response list_meeting_papers(http::context& c)
{
    auto id = c.id();
    auto rows = c.env.db.read([&](store::connection& conn) {
        store::load_meeting_row(conn, id);
        return store::meeting_papers(conn, id);
    });
    return http::json_response(200, http::list_body(visible_list(c, rows), std::nullopt));
}

http::response list_agenda_papers(http::context& c)
{
    auto item_id = c.id("item_id");
    auto rows = c.env.db.read(
        [&](store::connection& conn) { return store::meeting_papers(conn, meeting_of_item(conn, item_id), item_id); });
    return http::json_response(200, http::list_body(visible_list(c, rows), std::nullopt));
}

http::response create_meeting_paper(http::context& c) { return upload(c, c.id(), std::nullopt); }

http::response create_agenda_paper(http::context& c)
{
    auto item_id = c.id("item_id");
    auto meeting_id = c.env.db.read([&](store::connection& conn) { return meeting_of_item(conn, item_id); });
    return upload(c, meeting_id, item_id);
}

http::response get_paper(http::context& c)
{
    auto id = c.id();
    auto row = c.env.db.read([&](store::connection& conn) { return visible_paper(c, conn, id); });
    return resource_response(200, paper_json(row), id, row["version"].get<std::int64_t>());
}

http::response patch_paper(http::context& c)
{
    auto id = c.id();
    auto body = http::body_object(c);
    return c.env.db.write([&](store::connection& conn) {
        auto row = visible_paper(c, conn, id);
        http::check_if_match(c, http::etag(id, row["version"].get<std::int64_t>()));
        auto meeting_id = row["meeting_id"].get<std::int64_t>();
        domain::require_papers_open(minutes_approved(conn, meeting_id));
        auto after = http::merge_for_patch(http::project(row, paper_schema), body, paper_schema);
        check_item_of_meeting(conn, after, meeting_id);
        store::update_paper(conn, id, after);
        auto now = *store::find_paper(conn, id);
        auto rendered = paper_json(now);
        store::audit(conn, actor_of(c), "update", "paper", id, paper_json(row), rendered);
        return resource_response(200, rendered, id, now["version"].get<std::int64_t>());
    });
}

http::response delete_paper(http::context& c)
{
    auto id = c.id();
    return c.env.db.write([&](store::connection& conn) {
        auto row = visible_paper(c, conn, id);
        http::check_if_match(c, http::etag(id, row["version"].get<std::int64_t>()));
        remove_paper(conn, row, actor_of(c));
        return http::no_content();
    });
}

http::response paper_file(http::context& c)
{
    auto id = c.id();
    bool signed_link = false;
    auto row = c.env.db.read([&](store::connection& conn) {
        auto found = store::find_paper(conn, id);
        // A signed link (from an email) opens the members' papers of its meeting.
        if (auto link = c.query_value("link"); link && found) {
            auto r = auth::verify_link(*link, auth::link_purpose::paper, c.env.link_keys.secrets(), domain::now());
            if (!r.claims || r.claims->meeting_id != (*found)["meeting_id"].get<std::int64_t>())
                throw http::forbidden("The link is not valid for this paper, or it has expired.");
            signed_link = true;
        }
        return visible_paper(c, conn, id, signed_link);
    });
    return paper_download(c, row);
}

} // namespace sanaksme::api
