#pragma once
// Papers: their rows (store/papers.cpp) and their files beside the database, named by SHA-256
// (store/paper_files.cpp).
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::store {

// A paper's row as stored (deleted ones too); nullopt for an unknown id.
std::optional<json> find_paper(connection& c, std::int64_t id);
// The meeting's papers not deleted, oldest first; with an agenda item, only that item's.
json meeting_papers(connection& c, std::int64_t meeting_id, std::optional<std::int64_t> agenda_item_id = std::nullopt);
// `row`: meeting_id, agenda_item_id, title, file_name, content_type, size, sha256, visibility.
std::int64_t insert_paper(connection& c, const json& row);
// Title, visibility and agenda item; bumps the version.
void update_paper(connection& c, std::int64_t id, const json& fields);
void mark_paper_deleted(connection& c, std::int64_t id);
// The SHA-256 of every paper ever stored (deleted ones stay on record), for a backup.
std::vector<std::string> paper_hashes(connection& c);
// The same, read from a database file opened read-only (a backup just written).
std::vector<std::string> paper_hashes_in(const std::string& db_file);

// The directory of the papers' files: `configured`, or the database path + ".papers".
std::string papers_directory(const std::string& db_path, const std::string& configured);
// Makes the directory and its "incoming" one (uploads on their way in), both 0700; returns the latter.
std::string prepare_papers_directory(const std::string& dir);
std::string paper_file_path(const std::string& dir, std::string_view sha256);

// One uploaded file on its way in: written to a temporary file beside the others while its
// SHA-256 is computed; removed unless kept.
class incoming_paper {
public:
    explicit incoming_paper(const std::string& dir);
    ~incoming_paper();
    incoming_paper(const incoming_paper&) = delete;
    void write(std::string_view bytes);
    // Ends the file: its hash and size, and its type as libmagic reads it from the bytes.
    void finish();
    const std::string& sha256() const { return sha256_; }
    std::uint64_t size() const { return size_; }
    const std::string& sniffed_type() const { return type_; }
    // Moves it to its content address; the same bytes stored already are kept once.
    void keep();

private:
    std::string dir_, temp_, sha256_, type_;
    int fd_ = -1;
    void* hash_ = nullptr; // EVP_MD_CTX
    std::uint64_t size_ = 0;
    bool kept_ = false;
};

// Copies the files of `hashes` from `from` into `to` (made 0700; files 0600), for a backup.
void copy_paper_files(const std::string& from, const std::string& to, const std::vector<std::string>& hashes);

} // namespace sanaksme::store
