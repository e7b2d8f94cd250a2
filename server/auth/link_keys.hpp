#pragma once
// The keys that sign personal links (/rsvp, /checkin, /unsubscribe, /calendar), kept in a file
// of their own beside the database (mode 0600), never in it: a copy of the database or of an
// outbox message holds signed links, and must not also hold what forges them.
#include <cstdint>
#include <ctime>
#include <mutex>
#include <string>
#include <vector>

namespace sanaksme::auth {

// `<database>.key` unless a path is given (--link-key-file, SANAKSME_LINK_KEY_FILE).
std::string link_key_path(const std::string& db_path, const std::string& configured);

class link_keys {
public:
    explicit link_keys(std::string path) : path_(std::move(path)) {}

    const std::string& path() const { return path_; }
    // Newest first; the file is made (one fresh key) at first use. Read again when another
    // process (`sanaksme rotate-link-secret`) replaced it.
    std::vector<std::string> secrets();
    // A new key first; the one before stays valid until the next rotation.
    void rotate();
    // Keys from elsewhere (the database, before they moved out) appended after the file's own,
    // so links signed with them still verify.
    void adopt(const std::vector<std::string>& older);

private:
    std::vector<std::string> load_locked();

    std::string path_;
    std::mutex mutex_;
    std::vector<std::string> keys_;
    // What the file was when read: a rename by another process gives a new inode or time.
    std::uint64_t inode_ = 0;
    std::timespec mtime_{};
    bool loaded_ = false;
};

// Writes `content` to a new file `path` created 0600 whatever the umask; false if it exists.
bool create_private_file(const std::string& path, const std::string& content);
// Replaces `path` atomically by a 0600 file holding `content` (written, synced, renamed).
void replace_private_file(const std::string& path, const std::string& content);

} // namespace sanaksme::auth
