#include "http/validate.hpp"

#include "domain/address.hpp"
#include "domain/time.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>

namespace sanaksme::http {

namespace {

// Length in characters, not bytes: Latvian letters take two bytes each.
std::size_t utf8_length(std::string_view s)
{
    return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

bool has_control(std::string_view s, bool allow_breaks)
{
    for (unsigned char c : s) {
        if (c == 0x7F || (c < 0x20 && !(allow_breaks && (c == '\n' || c == '\r' || c == '\t'))))
            return true;
    }
    return false;
}

std::string joined(const std::vector<std::string_view>& choices)
{
    std::string out;
    for (auto c : choices)
        out += (out.empty() ? "" : ", ") + std::string(c);
    return out;
}

void check_value(const std::string& path, const json& v, const field& f, std::vector<field_error>& errors)
{
    auto fail = [&](std::string msg) { errors.push_back({path, std::move(msg)}); };
    if (v.is_null()) {
        if (!f.nullable || f.required)
            fail("must not be null");
        return;
    }
    switch (f.type) {
    case field_type::integer:
        if (!v.is_number_integer())
            return fail("must be an integer");
        if (v.get<std::int64_t>() < f.min || (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(f.max)) ||
            v.get<std::int64_t>() > f.max)
            return fail("must be between " + std::to_string(f.min) + " and " + std::to_string(f.max));
        return;
    case field_type::boolean:
        if (!v.is_boolean())
            fail("must be true or false");
        return;
    case field_type::id_list:
        if (!v.is_array())
            return fail("must be an array of ids");
        if (v.size() > 5000)
            return fail("must hold at most 5000 ids");
        for (const auto& id : v)
            if (!id.is_number_integer() || id.get<std::int64_t>() <= 0)
                return fail("must hold positive integer ids only");
        return;
    case field_type::object:
        if (!v.is_object())
            return fail("must be an object");
        for (const auto& item : v.items()) {
            const auto& key = item.key(); // not a structured binding: clang 14 cannot capture one
            const auto& sub = item.value();
            auto it = std::find_if(f.nested->begin(), f.nested->end(), [&](const field& n) { return n.name == key; });
            if (it == f.nested->end())
                errors.push_back({path + "." + key, "is not a known field"});
            else
                check_value(path + "." + key, sub, *it, errors);
        }
        return;
    default:
        break;
    }
    if (!v.is_string())
        return fail("must be a string");
    const auto& s = v.get_ref<const std::string&>();
    if (f.required && s.empty())
        return fail("must not be empty");
    if (utf8_length(s) > f.max_length)
        return fail("must be at most " + std::to_string(f.max_length) + " characters long");
    if (has_control(s, f.type == field_type::long_text))
        return fail("must not contain control characters");
    switch (f.type) {
    case field_type::instant:
        if (!domain::parse_rfc3339(s))
            fail("must be an RFC 3339 date-time with offset in the years 1900–2999, e.g. 2017-09-21T10:00:00+03:00");
        break;
    case field_type::date:
        if (!domain::valid_date(s))
            fail("must be a date YYYY-MM-DD in the years 1900–2999");
        break;
    case field_type::email:
        // Refused here rather than failing at the relay: not every relay speaks SMTPUTF8.
        if (valid_email(s) && !domain::ascii_local_part(s))
            fail("must have only ASCII characters before the @ (letters such as ā or Ņ can be delivered only after it)");
        else if (!valid_email(s) || !domain::ascii_address(s))
            fail("must be an email address");
        break;
    case field_type::url:
        if (!valid_http_url(s))
            fail("must be an absolute http or https URL");
        break;
    case field_type::language:
        if (s.size() < 2 || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            fail("must be a language code such as lv, en or ru");
        break;
    case field_type::timezone:
        if (!domain::find_zone(s))
            fail("must be an IANA time zone such as Europe/Riga");
        break;
    case field_type::choice:
        if (std::find(f.choices.begin(), f.choices.end(), s) == f.choices.end())
            fail("must be one of: " + joined(f.choices));
        break;
    default:
        break;
    }
}

} // namespace

namespace {

// RFC 5322 atext, and UTF-8 bytes as RFC 6531 allows in a mailbox's local part.
bool atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           std::string_view("!#$%&'*+/=?^_`{|}~-").find(static_cast<char>(c)) != std::string_view::npos;
}

// A host name's label: letters, digits and inner hyphens (UTF-8 for an IDN), 1–63 octets.
bool dns_label(std::string_view l)
{
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-')
        return false;
    return std::all_of(l.begin(), l.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80;
    });
}

} // namespace

// The addr-spec subset that mail servers accept: a dot-atom local part (no quoted strings, no
// comments) '@' a host name of two or more labels (no address literals), as RFC 5321 sizes them.
bool valid_email(std::string_view s)
{
    auto at = s.find('@');
    if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos || s.size() > 254)
        return false;
    auto local = s.substr(0, at);
    auto domain = s.substr(at + 1);
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos)
        return false;
    if (!std::all_of(local.begin(), local.end(), [](char c) { return c == '.' || atext(static_cast<unsigned char>(c)); }))
        return false;
    std::size_t labels = 0;
    std::string_view last;
    for (std::size_t pos = 0;; ++labels) {
        auto dot = domain.find('.', pos);
        last = domain.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
        if (!dns_label(last))
            return false;
        if (dot == std::string_view::npos)
            break;
        pos = dot + 1;
    }
    // A top-level domain is never all digits: "a@1.2.3.4" is an address literal in disguise.
    return labels >= 1 && !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_http_url(std::string_view s)
{
    auto u = boost::urls::parse_absolute_uri(s);
    return u && (u->scheme() == "http" || u->scheme() == "https") && !u->host().empty();
}

void check_fields(const json& body, const schema& s, std::vector<field_error>& errors)
{
    for (const auto& item : body.items()) {
        const auto& key = item.key();
        const auto& value = item.value();
        if (std::find(s.read_only.begin(), s.read_only.end(), key) != s.read_only.end()) {
            errors.push_back({key, "is read-only"});
            continue;
        }
        auto it = std::find_if(s.fields.begin(), s.fields.end(), [&](const field& f) { return f.name == key; });
        if (it == s.fields.end()) {
            errors.push_back({key, "is not a known field"});
            continue;
        }
        check_value(key, value, *it, errors);
    }
}

void check_required(const json& merged, const schema& s, std::vector<field_error>& errors)
{
    for (const auto& f : s.fields)
        if (f.required && (!merged.contains(f.name) || merged[f.name].is_null()))
            errors.push_back({std::string(f.name), "is required"});
}

void throw_if_any(std::vector<field_error>& errors)
{
    if (!errors.empty())
        throw unprocessable("The request body has invalid fields.", std::move(errors));
}

json merge_for_create(const json& body, const schema& s)
{
    std::vector<field_error> errors;
    check_fields(body, s, errors);
    json merged = json::object();
    for (const auto& f : s.fields)
        merged[f.name] = body.contains(f.name) ? body[f.name] : f.default_value;
    check_required(merged, s, errors);
    throw_if_any(errors);
    return merged;
}

json project(const json& stored, const schema& s)
{
    json j = json::object();
    for (const auto& f : s.fields)
        j[f.name] = stored.value(f.name, json());
    return j;
}

json merge_for_patch(const json& current, const json& body, const schema& s)
{
    std::vector<field_error> errors;
    check_fields(body, s, errors);
    throw_if_any(errors);
    json merged = current;
    for (const auto& [key, value] : body.items())
        merged[key] = value;
    check_required(merged, s, errors);
    throw_if_any(errors);
    return merged;
}

} // namespace sanaksme::http
