// GDPR erasure in stored text: the rules of personal_marks and the scan of every text column.
#include "store/erasure.hpp"

#include "render/ical.hpp"
#include "render/mime.hpp"
#include "store/exports.hpp"
#include "store/organizations.hpp"
#include "store/outbox.hpp"

#include <openssl/evp.h>
#include <sqlite3.h>

#include <algorithm>

namespace sanaksme::store {

namespace {

constexpr std::string_view marks_sql = "SELECT name, email, phone FROM people WHERE id = ?1";
constexpr std::string_view own_notes_sql = "UPDATE rsvps SET note = NULL WHERE person_id = ?1 AND note IS NOT NULL";
// An erased person leaves every waiting list: nobody can be promoted for them.
constexpr std::string_view own_waitlist_sql = "DELETE FROM waitlist WHERE person_id = ?1";
// Messages to the person: by person, and tests or forwards sent to their address.
constexpr std::string_view own_messages_sql =
    "DELETE FROM outbox WHERE person_id = ?1 OR (?2 IS NOT NULL AND lower(to_address) = lower(?2))";
constexpr std::string_view tables_sql =
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' "
    "AND name <> 'people' ORDER BY name";
constexpr std::string_view columns_sql = "SELECT name, type FROM pragma_table_info(?1)";
constexpr std::string_view secure_delete_sql = "PRAGMA secure_delete";
constexpr std::string_view secure_delete_on_sql = "PRAGMA secure_delete = 1";
constexpr std::string_view secure_delete_off_sql = "PRAGMA secure_delete = 0";
// The one statement built at run time, one per table (a scan per column would read long rows'
// overflow pages again for each): {table} and {column} come from the schema, quoted, never from a
// request. sanaksme_scrub gives NULL for a value that does not mention the person.
constexpr std::string_view scrub_table_sql = "UPDATE {table} SET {assignments} WHERE {conditions}";
constexpr std::string_view scrub_assignment_sql = "{column} = coalesce(sanaksme_scrub({column}), {column})";
constexpr std::string_view scrub_condition_sql = "sanaksme_scrub({column}) IS NOT NULL";

// The marks of the erasure running on this thread (the writer's): read by sanaksme_scrub.
thread_local const personal_marks* current_marks = nullptr;

void scrub_function(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (!current_marks || sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_null(ctx);
        return;
    }
    std::string_view value(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])),
                           static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    try {
        if (auto s = current_marks->scrub(value))
            sqlite3_result_text(ctx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
        else
            sqlite3_result_null(ctx);
    } catch (const std::exception& e) {
        sqlite3_result_error(ctx, e.what(), -1);
    }
}

std::string sql_identifier(std::string_view identifier)
{
    std::string out = "\"";
    for (char ch : identifier)
        out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

std::string filled(std::string_view sql, std::string_view slot, const std::string& value)
{
    std::string out(sql);
    for (auto at = out.find(slot); at != std::string::npos; at = out.find(slot, at + value.size()))
        out.replace(at, slot.size(), value);
    return out;
}

// SQLite's affinity rules: INTEGER and REAL columns cannot hold a name, anything else can.
bool may_hold_text(std::string type)
{
    for (auto& ch : type)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (type.find("INT") != std::string::npos)
        return false;
    if (type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos ||
        type.find("TEXT") != std::string::npos || type.find("BLOB") != std::string::npos || type.empty())
        return true;
    return false; // REAL, FLOAT, DOUBLE, NUMERIC, DATE…
}

std::string lower_ascii(std::string_view s)
{
    std::string out(s);
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z')
            ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

std::string trimmed(std::string_view s)
{
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::string html_escaped(std::string_view s)
{
    std::string out;
    for (char ch : s)
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += ch;
        }
    return out;
}

// The code point that ends at `end` (exclusive) or starts at `start`; 0 at either end of the text.
char32_t code_point_before(std::string_view s, std::size_t end)
{
    if (end == 0)
        return 0;
    std::size_t b = end - 1;
    while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80 && end - b < 4)
        --b;
    auto lead = static_cast<unsigned char>(s[b]);
    if (lead < 0x80)
        return lead;
    char32_t cp = lead >= 0xF0 ? lead & 0x07 : lead >= 0xE0 ? lead & 0x0F : lead & 0x1F;
    for (std::size_t i = b + 1; i < end; ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return cp;
}

char32_t code_point_at(std::string_view s, std::size_t start)
{
    if (start >= s.size())
        return 0;
    auto lead = static_cast<unsigned char>(s[start]);
    if (lead < 0x80)
        return lead;
    std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    char32_t cp = lead >= 0xF0 ? lead & 0x07 : lead >= 0xE0 ? lead & 0x0F : lead & 0x1F;
    for (std::size_t i = 1; i < n && start + i < s.size(); ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[start + i]) & 0x3F);
    return cp;
}

bool ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Letters of the Latin, Greek and Cyrillic scripts: "Annas" is not the name "Anna".
bool letter(char32_t c)
{
    return ascii_alnum(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F) ||
           (c >= 0x1E00 && c <= 0x1FFF);
}

bool email_char(char32_t c) { return letter(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

// Appends the bytes of one run of base64 (a multiple of 4 characters, as each line this server
// writes is); false when it is not base64.
bool append_base64(std::string& out, std::string_view b64)
{
    if (b64.size() % 4 != 0)
        return false;
    auto at = out.size();
    out.resize(at + b64.size() / 4 * 3);
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data() + at),
                            reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
    if (n < 0) {
        out.resize(at);
        return false;
    }
    std::size_t pad = b64.ends_with("==") ? 2 : b64.ends_with("=") ? 1 : 0;
    out.resize(at + static_cast<std::size_t>(n) - pad);
    return true;
}

std::string base64_decode(std::string_view b64)
{
    std::string out;
    return append_base64(out, b64) ? out : std::string();
}

// A base64 body, one line at a time (76 characters each, CRLF between).
std::string decode_lines(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to)
{
    std::string out;
    out.reserve((to - from) * 57);
    for (std::size_t k = from; k < to; ++k)
        if (!lines[k].empty() && !append_base64(out, lines[k]))
            return {};
    return out;
}

// RFC 2047 "=?UTF-8?B?…?=" words decoded (the only kind this server writes); the whitespace
// between two adjacent words goes, as the RFC says.
std::string decode_words(std::string_view v)
{
    std::string out;
    bool last_was_word = false;
    std::size_t i = 0;
    while (i < v.size()) {
        auto start = v.find("=?", i);
        auto prefix_end = start == std::string_view::npos ? std::string_view::npos : start + 10;
        bool word = start != std::string_view::npos && prefix_end <= v.size() &&
                    lower_ascii(v.substr(start, 10)) == "=?utf-8?b?";
        auto end = word ? v.find("?=", prefix_end) : std::string_view::npos;
        if (!word || end == std::string_view::npos) {
            out.append(v.substr(i));
            break;
        }
        auto between = v.substr(i, start - i);
        if (!(last_was_word && between.find_first_not_of(" \t") == std::string_view::npos))
            out.append(between);
        out += base64_decode(v.substr(prefix_end, end - prefix_end));
        last_was_word = true;
        i = end + 2;
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view s)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (true) {
        auto crlf = s.find("\r\n", start);
        if (crlf == std::string_view::npos) {
            lines.push_back(s.substr(start));
            return lines;
        }
        lines.push_back(s.substr(start, crlf - start));
        start = crlf + 2;
    }
}

std::string unfold_ical(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    for (auto at = text.find("\r\n", from); at != std::string_view::npos; at = text.find("\r\n", at + 2)) {
        if (at + 2 < text.size() && (text[at + 2] == ' ' || text[at + 2] == '\t')) {
            out.append(text.substr(from, at - from));
            from = at + 3;
        }
    }
    out.append(text.substr(from));
    return out;
}

std::string fold_ical(std::string_view text)
{
    std::string out;
    for (auto line : split_lines(text))
        if (!line.empty())
            out += render::fold_line(line);
    return out;
}

} // namespace

personal_marks::personal_marks(std::int64_t person_id, const std::optional<std::string>& name,
                               const std::optional<std::string>& email, const std::optional<std::string>& phone)
    : person_id_(person_id), person_key_("\"person_id\":" + std::to_string(person_id))
{
    auto add = [&](const std::optional<std::string>& v, kind k) {
        if (!v)
            return;
        auto t = trimmed(*v);
        // One or two letters would match words of unrelated text everywhere.
        if (t.size() < 3)
            return;
        auto low = lower_ascii(t);
        if (std::any_of(needles_.begin(), needles_.end(), [&](const needle& n) { return n.lower == low; }))
            return;
        needle n{low, k};
        // How far the window may move when its last byte is c: folded, so 'A' moves as 'a' does.
        auto m = low.size();
        n.skip.fill(static_cast<std::uint8_t>(std::min<std::size_t>(m, 255)));
        for (std::size_t i = 0; i + 1 < m; ++i) {
            auto c = static_cast<unsigned char>(low[i]);
            auto shift = static_cast<std::uint8_t>(std::min<std::size_t>(m - 1 - i, 255));
            n.skip[c] = shift;
            if (c >= 'a' && c <= 'z')
                n.skip[c - 'a' + 'A'] = shift;
        }
        needles_.push_back(std::move(n));
    };
    add(name, kind::name);
    if (name)
        add(html_escaped(trimmed(*name)), kind::name); // as the HTML part of a message shows it
    add(email, kind::email);
    add(phone, kind::phone);
    if (phone) {
        std::string digits;
        for (char ch : *phone)
            if (ch >= '0' && ch <= '9')
                digits += ch;
        if (digits.size() >= 7)
            add(digits, kind::phone);
    }
}

std::size_t personal_marks::needle::find(std::string_view text, std::size_t from) const
{
    auto m = lower.size();
    for (std::size_t i = from; i + m <= text.size(); i += skip[static_cast<unsigned char>(text[i + m - 1])]) {
        std::size_t j = m;
        while (j > 0) {
            char c = text[i + j - 1];
            if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower[j - 1])
                break;
            --j;
        }
        if (j == 0)
            return i;
    }
    return std::string_view::npos;
}

std::vector<std::pair<std::size_t, std::size_t>> personal_marks::mentions(std::string_view text, bool first_only) const
{
    std::vector<std::pair<std::size_t, std::size_t>> hits;
    for (const auto& n : needles_) {
        for (auto at = n.find(text, 0); at != std::string_view::npos; at = n.find(text, at + 1)) {
            auto end = at + n.lower.size();
            auto before = code_point_before(text, at), after = code_point_at(text, end);
            bool bounded = false;
            switch (n.k) {
            // "Anna Bērziņa-Ozola" is another name, not this one followed by a dash.
            case kind::name: bounded = !letter(before) && !letter(after) && before != '-' && after != '-'; break;
            case kind::email:
                // A full stop ends a sentence, not the address, unless more of it follows.
                bounded = !email_char(before) &&
                          !(letter(after) || after == '_' || after == '-' || after == '+' ||
                            (after == '.' && letter(code_point_at(text, end + 1))));
                break;
            case kind::phone: bounded = !(before >= '0' && before <= '9') && !(after >= '0' && after <= '9'); break;
            }
            if (!bounded)
                continue;
            hits.emplace_back(at, end);
            if (first_only)
                return hits;
        }
    }
    std::sort(hits.begin(), hits.end());
    return hits;
}

std::optional<std::string> personal_marks::scrub_text(std::string_view text) const
{
    auto hits = mentions(text, false);
    if (hits.empty())
        return std::nullopt;
    std::sort(hits.begin(), hits.end());
    std::string out;
    std::size_t pos = 0;
    for (auto [b, e] : hits) {
        if (e <= pos)
            continue; // inside a hit already replaced
        if (b < pos)
            b = pos;
        else
            out.append(text.substr(pos, b - pos));
        if (!out.ends_with(placeholder))
            out += placeholder;
        pos = e;
    }
    out.append(text.substr(pos));
    return out;
}

bool personal_marks::scrub_json(nlohmann::json& j) const
{
    bool changed = false;
    if (j.is_object()) {
        auto id = j.find("person_id");
        if (id != j.end() && id->is_number_integer() && id->get<std::int64_t>() == person_id_)
            for (const char* key : {"name", "note", "email", "phone", "position"}) {
                auto it = j.find(key);
                if (it != j.end() && !it->is_null()) {
                    *it = nullptr;
                    changed = true;
                }
            }
    }
    if (j.is_object() || j.is_array()) {
        for (auto& v : j)
            changed = scrub_json(v) || changed;
    } else if (j.is_string()) {
        if (auto s = scrub_text(j.get_ref<const std::string&>())) {
            j = std::move(*s);
            changed = true;
        }
    }
    return changed;
}

std::optional<std::string> personal_marks::scrub_mime(std::string_view message) const
{
    auto lines = split_lines(message);
    // Two passes: most stored messages do not mention the person, and finding that out needs no
    // copy of the message; the second pass, run only when one does, writes the new one.
    for (bool rewrite : {false, true}) {
        std::vector<std::string> out;
        bool changed = false;
        auto keep = [&](std::size_t from, std::size_t to) {
            if (rewrite)
                for (std::size_t k = from; k < to; ++k)
                    out.emplace_back(lines[k]);
        };
        std::size_t i = 0;
        // The message's own headers: unfolded, encoded words decoded, written anew when they change.
        for (; i < lines.size() && !lines[i].empty();) {
            std::size_t end = i + 1;
            while (end < lines.size() && !lines[end].empty() && (lines[end][0] == ' ' || lines[end][0] == '\t'))
                ++end;
            std::string unfolded;
            for (std::size_t k = i; k < end; ++k)
                unfolded += lines[k];
            auto colon = unfolded.find(':');
            std::optional<std::string> replaced;
            if (colon != std::string::npos) {
                auto value = decode_words(trimmed(std::string_view(unfolded).substr(colon + 1)));
                if (mentioned(value)) {
                    if (!rewrite)
                        break;
                    auto header = unfolded.substr(0, colon);
                    auto h = lower_ascii(header);
                    if (h == "from" || h == "to" || h == "reply-to" || h == "cc") {
                        auto lt = value.rfind('<');
                        std::string display = lt == std::string::npos ? "" : trimmed(std::string_view(value).substr(0, lt));
                        std::string address =
                            lt == std::string::npos ? value : value.substr(lt + 1, value.rfind('>') - lt - 1);
                        if (display.size() >= 2 && display.front() == '"' && display.back() == '"')
                            display = display.substr(1, display.size() - 2);
                        replaced = header + ": " +
                                   render::format_mailbox({scrub_text(display).value_or(display),
                                                           scrub_text(address).value_or(address)});
                    } else {
                        replaced = header + ": " + render::encode_header_text(*scrub_text(value));
                    }
                }
            }
            if (replaced) {
                out.push_back(*replaced);
                changed = true;
            } else {
                keep(i, end);
            }
            i = end;
        }
        if (!rewrite && i < lines.size() && !lines[i].empty())
            continue; // a header mentions the person
        // The parts: base64 bodies decoded, scrubbed and encoded again.
        bool part_headers = false, base64 = false, calendar = false, found = false;
        while (i < lines.size() && !found) {
            auto line = lines[i];
            if (line.starts_with("--")) {
                part_headers = true;
                base64 = calendar = false;
                keep(i, i + 1);
                ++i;
                continue;
            }
            if (!part_headers || !line.empty()) {
                if (part_headers) {
                    auto l = lower_ascii(line);
                    base64 = base64 || l == "content-transfer-encoding: base64";
                    calendar = calendar || (l.starts_with("content-type:") &&
                                            (l.find("text/calendar") != std::string::npos ||
                                             l.find("application/ics") != std::string::npos));
                }
                keep(i, i + 1);
                ++i;
                continue;
            }
            // The blank line ending a part's headers; its body runs to the next boundary.
            part_headers = false;
            keep(i, i + 1);
            ++i;
            std::size_t end = i;
            while (end < lines.size() && !lines[end].starts_with("--"))
                ++end;
            std::optional<std::string> body;
            if (base64 && end > i) {
                auto decoded = decode_lines(lines, i, end);
                auto text = calendar ? unfold_ical(decoded) : decoded;
                if (!rewrite)
                    found = mentioned(text);
                else if (auto scrubbed = scrub_text(text))
                    body = calendar ? fold_ical(*scrubbed) : *scrubbed;
            }
            if (body) {
                auto encoded = render::base64_lines(*body);
                encoded.erase(encoded.size() - 2); // the last CRLF: lines are joined below
                for (auto l : split_lines(encoded))
                    out.emplace_back(l);
                changed = true;
            } else {
                keep(i, end);
            }
            i = end;
        }
        if (!rewrite) {
            if (!found)
                return std::nullopt;
            continue;
        }
        if (!changed)
            return std::nullopt;
        std::string joined;
        for (std::size_t k = 0; k < out.size(); ++k)
            joined += (k ? "\r\n" : "") + out[k];
        return joined;
    }
    return std::nullopt;
}

std::optional<std::string> personal_marks::scrub(std::string_view value) const
{
    if (value.starts_with("From: ") && value.find("\r\nMIME-Version: 1.0\r\n") != std::string_view::npos)
        return scrub_mime(value);
    auto first = value.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (value[first] == '{' || value[first] == '[')) {
        // Parsed only when something in it may be the person's: most rows are passed over unparsed.
        auto key = value.find(person_key_);
        bool own = false;
        for (; key != std::string_view::npos && !own; key = value.find(person_key_, key + 1)) {
            auto next = key + person_key_.size();
            own = next >= value.size() || value[next] < '0' || value[next] > '9';
        }
        if (own || mentioned(value)) {
            auto j = nlohmann::json::parse(value, nullptr, false);
            if (!j.is_discarded()) {
                if (!scrub_json(j))
                    return std::nullopt;
                return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            }
        }
    }
    return scrub_text(value);
}

void scrub_personal_data(connection& c, std::int64_t person_id)
{
    auto& m = c.prepare(marks_sql);
    m.bind(1, person_id);
    if (!m.executeStep())
        return;
    personal_marks marks(person_id, optional_text(m.getColumn(0)), optional_text(m.getColumn(1)),
                         optional_text(m.getColumn(2)));
    auto email = optional_text(m.getColumn(1));
    m.reset();

    auto& notes = c.prepare(own_notes_sql);
    notes.bind(1, person_id);
    notes.exec();
    auto& waiting = c.prepare(own_waitlist_sql);
    waiting.bind(1, person_id);
    waiting.exec();
    auto& messages = c.prepare(own_messages_sql);
    messages.bind(1, person_id);
    bind_optional(messages, 2, email);
    messages.exec();

    // Rows rewritten here leave no copy of the old text in the file's free pages.
    auto& sd = c.prepare(secure_delete_sql);
    bool was_secure = sd.executeStep() && sd.getColumn(0).getInt() != 0;
    sd.reset();
    struct restore {
        connection& c;
        bool was_secure;
        const personal_marks* previous;
        ~restore()
        {
            current_marks = previous;
            if (!was_secure) {
                try {
                    c.exec(secure_delete_off_sql);
                } catch (...) {
                }
            }
        }
    } guard{c, was_secure, current_marks};
    c.exec(secure_delete_on_sql);
    // Registered on first use; SQLITE_BUSY means it is registered already (and statements run).
    sqlite3_create_function_v2(c.raw().getHandle(), "sanaksme_scrub", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
                               scrub_function, nullptr, nullptr, nullptr);
    current_marks = &marks;

    std::vector<std::string> tables;
    auto& t = c.prepare(tables_sql);
    while (t.executeStep())
        tables.push_back(t.getColumn(0).getString());
    t.reset();
    for (const auto& table : tables) {
        std::vector<std::string> columns;
        auto& cols = c.prepare(columns_sql);
        cols.bind(1, table);
        while (cols.executeStep())
            if (may_hold_text(cols.getColumn(1).getString()))
                columns.push_back(cols.getColumn(0).getString());
        cols.reset();
        if (columns.empty())
            continue;
        std::string assignments, conditions;
        for (const auto& column : columns) {
            auto id = sql_identifier(column);
            assignments += (assignments.empty() ? "" : ", ") + filled(scrub_assignment_sql, "{column}", id);
            conditions += (conditions.empty() ? "" : " OR ") + filled(scrub_condition_sql, "{column}", id);
        }
        auto sql = filled(filled(filled(scrub_table_sql, "{table}", sql_identifier(table)), "{assignments}", assignments),
                          "{conditions}", conditions);
        c.exec(sql);
    }
    // Sent messages are kept compressed, where the text scan above cannot read them.
    rewrite_kept_messages(c, [&marks](std::string_view message) { return marks.scrub(message); });
}

bool forget_person(connection& c, const actor& who, std::int64_t person_id, std::int64_t organization_id)
{
    audit_forget(c, "person", person_id);
    forget_person_messages(c, person_id);
    forget_idempotent_answers(c, "/api/v1/organizations/" + std::to_string(organization_id) + "/people");
    bool erased = person_has_history(c, person_id);
    if (erased)
        erase_person(c, person_id);
    else
        delete_person(c, person_id);
    audit(c, who, erased ? "erase" : "delete", "person", person_id, nullptr, {{"organization_id", organization_id}});
    return erased;
}

} // namespace sanaksme::store
