#pragma once
// Papers of a meeting: which file types are taken, who sees which visibility, when a paper may
// still be removed, and the name a download is saved under.
#include "domain/caller.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::domain {

inline constexpr std::array<std::string_view, 3> paper_visibilities{"public", "members", "organizers"};
inline constexpr std::size_t paper_title_max = 300;

struct paper_type {
    std::string_view mime;      // as libmagic names it (MAGIC_MIME_TYPE)
    std::string_view extension; // of the download name
};
// The allow-list: PDF, DOCX, ODT, PPTX, XLSX, PNG, JPEG. nullopt for any other sniffed type.
std::optional<paper_type> allowed_paper_type(std::string_view sniffed_mime);

// Who reads a paper: public to anyone, members to any token or a signed link, organizers
// (drafts) to organizers and the coordinator. `who` empty: no token (maybe a signed link).
bool may_see_paper(std::string_view visibility, const std::optional<caller>& who, bool signed_link);

// Once the meeting's minutes are approved its papers are part of the record: adding, changing or
// removing one is a conflict.
void require_papers_open(bool minutes_approved);

// The download's name: the title (or the uploaded name) with the type's extension, without
// path separators, control characters or quotes; `ascii` is the same with Latvian letters
// folded (ā → a) and anything else non-ASCII as "_", for clients that ignore filename*.
struct download_name {
    std::string utf8;
    std::string ascii;
};
download_name paper_download_name(std::string_view title, std::string_view extension);

// Content-Disposition: attachment; filename="ascii"; filename*=UTF-8''percent-encoded (RFC 6266, 8187).
std::string attachment_disposition(const download_name& name);

} // namespace sanaksme::domain
