// Papers: the type allow-list, visibility, removal after approval and the download name.
#include "domain/paper.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <utility>

namespace sanaksme::domain {

namespace {

constexpr std::array<paper_type, 7> allowed{{
    {"application/pdf", "pdf"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"image/png", "png"},
    {"image/jpeg", "jpg"},
}};

// Latvian (and a few neighbouring) letters without their marks, for the ASCII fallback name.
constexpr std::array<std::pair<std::string_view, char>, 30> folded{{
    {"ā", 'a'}, {"č", 'c'}, {"ē", 'e'}, {"ģ", 'g'}, {"ī", 'i'}, {"ķ", 'k'}, {"ļ", 'l'}, {"ņ", 'n'},
    {"š", 's'}, {"ū", 'u'}, {"ž", 'z'}, {"ō", 'o'}, {"ŗ", 'r'}, {"õ", 'o'}, {"ä", 'a'},
    {"Ā", 'A'}, {"Č", 'C'}, {"Ē", 'E'}, {"Ģ", 'G'}, {"Ī", 'I'}, {"Ķ", 'K'}, {"Ļ", 'L'}, {"Ņ", 'N'},
    {"Š", 'S'}, {"Ū", 'U'}, {"Ž", 'Z'}, {"Ō", 'O'}, {"Ŗ", 'R'}, {"ö", 'o'}, {"ü", 'u'},
}};

// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte).
std::size_t sequence_length(unsigned char lead)
{
    return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

} // namespace

std::optional<paper_type> allowed_paper_type(std::string_view sniffed_mime)
{
    for (const auto& t : allowed)
        if (t.mime == sniffed_mime)
            return t;
    return std::nullopt;
}

bool may_see_paper(std::string_view visibility, const std::optional<caller>& who, bool signed_link)
{
    if (visibility == "public")
        return true;
    if (visibility == "members")
        return who.has_value() || signed_link;
    return who && who->at_least(caller_role::organizer);
}

void require_papers_open(bool minutes_approved)
{
    if (minutes_approved)
        throw conflict("The meeting's minutes are approved: its papers are part of the record and no longer change.");
}

download_name paper_download_name(std::string_view title, std::string_view extension)
{
    download_name out;
    // Whitespace runs become one space; separators, controls and quotes become "-" or go.
    for (std::size_t i = 0; i < title.size();) {
        auto c = static_cast<unsigned char>(title[i]);
        auto n = std::min(sequence_length(c), title.size() - i);
        auto seq = title.substr(i, n);
        i += n;
        if (n == 1) {
            if (c < 0x20 || c == 0x7F || c == ' ') {
                if (!out.utf8.empty() && out.utf8.back() != ' ')
                    out.utf8 += ' ', out.ascii += ' ';
                continue;
            }
            if (c == '/' || c == '\\' || c == ':' || c == '"' || c == '*' || c == '?' || c == '<' || c == '>' || c == '|') {
                out.utf8 += '-', out.ascii += '-';
                continue;
            }
            if (c >= 0x80)
                continue; // a stray continuation byte
            out.utf8 += static_cast<char>(c), out.ascii += static_cast<char>(c);
            continue;
        }
        out.utf8 += seq;
        auto f = std::find_if(folded.begin(), folded.end(), [&](const auto& p) { return p.first == seq; });
        out.ascii += f == folded.end() ? '_' : f->second;
    }
    while (!out.utf8.empty() && (out.utf8.back() == ' ' || out.utf8.back() == '.'))
        out.utf8.pop_back(), out.ascii.pop_back();
    while (!out.utf8.empty() && (out.utf8.front() == ' ' || out.utf8.front() == '.'))
        out.utf8.erase(0, 1), out.ascii.erase(0, 1);
    if (out.utf8.empty())
        out.utf8 = out.ascii = "paper";
    // Long titles are cut on a character boundary, well below file systems' 255-byte names.
    constexpr std::size_t max_bytes = 150;
    if (out.utf8.size() > max_bytes) {
        std::size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(out.utf8[cut]) & 0xC0) == 0x80)
            --cut;
        out.utf8.resize(cut);
        if (out.ascii.size() > max_bytes)
            out.ascii.resize(max_bytes);
    }
    std::string suffix = "." + std::string(extension);
    out.utf8 += suffix;
    out.ascii += suffix;
    return out;
}

std::string attachment_disposition(const download_name& name)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : name.utf8) {
        // attr-char of RFC 8187 §3.2.1
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
        if (plain)
            encoded += static_cast<char>(c);
        else
            encoded += '%', encoded += hex[c >> 4], encoded += hex[c & 15];
    }
    return "attachment; filename=\"" + name.ascii + "\"; filename*=UTF-8''" + encoded;
}

} // namespace sanaksme::domain
