// The papers' files: <dir>/<sha256>, 0600, written once; uploads arrive in <dir>/incoming.
#include "store/papers.hpp"

#include <magic.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sanaksme::store {

namespace {

std::runtime_error io_error(const std::string& what) { return std::runtime_error(what + ": " + std::strerror(errno)); }

void make_private_directory(const std::string& dir)
{
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw io_error("cannot create " + dir);
}

EVP_MD_CTX* md(void* p) { return static_cast<EVP_MD_CTX*>(p); }

} // namespace

std::string papers_directory(const std::string& db_path, const std::string& configured)
{
    return configured.empty() ? db_path + ".papers" : configured;
}

std::string prepare_papers_directory(const std::string& dir)
{
    make_private_directory(dir);
    auto incoming = dir + "/incoming";
    make_private_directory(incoming);
    return incoming;
}

std::string paper_file_path(const std::string& dir, std::string_view sha256) { return dir + "/" + std::string(sha256); }

incoming_paper::incoming_paper(const std::string& dir) : dir_(dir)
{
    temp_ = prepare_papers_directory(dir) + "/paper-XXXXXX";
    fd_ = ::mkstemp(temp_.data()); // 0600
    if (fd_ < 0)
        throw io_error("cannot create a file in " + dir);
    hash_ = EVP_MD_CTX_new();
    if (!hash_ || EVP_DigestInit_ex(md(hash_), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available");
}

incoming_paper::~incoming_paper()
{
    if (fd_ >= 0)
        ::close(fd_);
    if (!kept_)
        ::unlink(temp_.c_str());
    EVP_MD_CTX_free(md(hash_));
}

void incoming_paper::write(std::string_view bytes)
{
    EVP_DigestUpdate(md(hash_), bytes.data(), bytes.size());
    size_ += bytes.size();
    while (!bytes.empty()) {
        auto n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw io_error("cannot write " + temp_);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void incoming_paper::finish()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md(hash_), digest, &len);
    static constexpr char hex[] = "0123456789abcdef";
    sha256_.clear();
    for (unsigned i = 0; i < len; ++i)
        sha256_ += hex[digest[i] >> 4], sha256_ += hex[digest[i] & 15];
    if (::fsync(fd_) != 0)
        throw io_error("cannot sync " + temp_);
    ::close(fd_);
    fd_ = -1;
    // The type from the bytes, never from the name or the client's Content-Type.
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    if (!m)
        throw std::runtime_error("libmagic is not available");
    if (magic_load(m, nullptr) != 0) {
        std::string why = magic_error(m) ? magic_error(m) : "no database";
        magic_close(m);
        throw std::runtime_error("libmagic: " + why);
    }
    const char* type = magic_file(m, temp_.c_str());
    type_ = type ? type : "application/octet-stream";
    magic_close(m);
}

void incoming_paper::keep()
{
    auto target = paper_file_path(dir_, sha256_);
    // The same bytes under the same name: the stored copy stays, this one goes.
    if (::access(target.c_str(), F_OK) == 0)
        return;
    if (::rename(temp_.c_str(), target.c_str()) != 0)
        throw io_error("cannot store " + target);
    kept_ = true;
}

void copy_paper_files(const std::string& from, const std::string& to, const std::vector<std::string>& hashes)
{
    make_private_directory(to);
    for (const auto& h : hashes) {
        auto source = paper_file_path(from, h);
        auto target = paper_file_path(to, h);
        std::filesystem::copy_file(source, target, std::filesystem::copy_options::skip_existing);
        std::filesystem::permissions(target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
}

} // namespace sanaksme::store
