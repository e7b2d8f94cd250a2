// The link key file: read, made at first use, rotated, and replaced atomically with mode 0600.
#include "auth/link_keys.hpp"

#include "auth/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sanaksme::auth {

namespace {

std::runtime_error file_error(const std::string& what, const std::string& path)
{
    return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void write_all(int fd, const std::string& content, const std::string& path)
{
    std::size_t done = 0;
    while (done < content.size()) {
        auto n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw file_error("cannot write", path);
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        throw file_error("cannot sync", path);
}

std::string directory_of(const std::string& path)
{
    auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// A rename or link is durable once its directory is synced.
void sync_directory(const std::string& path)
{
    int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// A temporary file beside `path`, created 0600 (open's mode only loses bits to the umask).
std::string write_temporary(const std::string& path, const std::string& content)
{
    for (int attempt = 0;; ++attempt) {
        auto tmp = path + ".tmp-" + random_base64url(6);
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST && attempt < 5)
                continue;
            throw file_error("cannot create", tmp);
        }
        try {
            ::fchmod(fd, 0600);
            write_all(fd, content, tmp);
        } catch (...) {
            ::close(fd);
            ::unlink(tmp.c_str());
            throw;
        }
        ::close(fd);
        return tmp;
    }
}

std::string format_keys(const std::vector<std::string>& keys)
{
    std::string out;
    for (const auto& k : keys)
        out += k + "\n";
    return out;
}

} // namespace

std::string link_key_path(const std::string& db_path, const std::string& configured)
{
    return configured.empty() ? db_path + ".key" : configured;
}

bool create_private_file(const std::string& path, const std::string& content)
{
    // Written in full under another name first, then linked: nobody reads a half-written key.
    auto tmp = write_temporary(path, content);
    int rc = ::link(tmp.c_str(), path.c_str());
    int err = errno;
    ::unlink(tmp.c_str());
    if (rc != 0 && err == EEXIST)
        return false;
    if (rc != 0) {
        errno = err;
        throw file_error("cannot create", path);
    }
    sync_directory(path);
    return true;
}

void replace_private_file(const std::string& path, const std::string& content)
{
    auto tmp = write_temporary(path, content);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        errno = err;
        throw file_error("cannot replace", path);
    }
    sync_directory(path);
}

std::vector<std::string> link_keys::load_locked()
{
    while (true) {
        int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (errno != ENOENT)
                throw file_error("cannot read the link key file", path_);
            // First use: one fresh key. Another process making it at the same moment wins.
            create_private_file(path_, format_keys({random_base64url(32)}));
            continue;
        }
        struct stat st{};
        ::fstat(fd, &st);
        std::string text;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fd, buf, sizeof buf)) > 0)
            text.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
        std::vector<std::string> keys;
        std::size_t start = 0;
        while (start < text.size()) {
            auto nl = text.find('\n', start);
            auto line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (!line.empty())
                keys.push_back(line);
            if (nl == std::string::npos)
                break;
            start = nl + 1;
        }
        if (keys.empty())
            throw std::runtime_error("the link key file " + path_ + " holds no key");
        keys_ = keys;
        inode_ = st.st_ino;
        mtime_ = st.st_mtim;
        loaded_ = true;
        return keys;
    }
}

std::vector<std::string> link_keys::secrets()
{
    std::lock_guard lock(mutex_);
    struct stat st{};
    if (loaded_ && ::stat(path_.c_str(), &st) == 0 && st.st_ino == inode_ && st.st_mtim.tv_sec == mtime_.tv_sec &&
        st.st_mtim.tv_nsec == mtime_.tv_nsec)
        return keys_;
    return load_locked();
}

void link_keys::rotate()
{
    std::lock_guard lock(mutex_);
    auto current = load_locked();
    replace_private_file(path_, format_keys({random_base64url(32), current.front()}));
    load_locked();
}

void link_keys::adopt(const std::vector<std::string>& older)
{
    std::lock_guard lock(mutex_);
    if (older.empty())
        return;
    struct stat st{};
    if (::stat(path_.c_str(), &st) != 0 && errno == ENOENT) {
        // The database's keys, in their order: the current one signs on.
        if (create_private_file(path_, format_keys(older))) {
            load_locked();
            return;
        }
    }
    auto keys = load_locked();
    bool added = false;
    for (const auto& k : older)
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
            keys.push_back(k);
            added = true;
        }
    if (added)
        replace_private_file(path_, format_keys(keys));
    load_locked();
}

} // namespace sanaksme::auth
