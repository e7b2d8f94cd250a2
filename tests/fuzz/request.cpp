// The request path, whole: bytes become an HTTP request that goes through dispatch (URL parsing,
// the router, authentication, JSON decoding, validation, the handlers and the store) against a
// real database. Whatever comes in, the answer is a well-formed HTTP status; errors are
// problem+json (or the HTML page of a signed link), and JSON answers parse.
//
// Input: byte 0 picks the method, the token, the content type and conditions; then the target up
// to the first newline; the rest is the body.
#include "answer_check.hpp"
#include "fuzz_app.hpp"
#include "auth/secrets.hpp"

#include <boost/beast/http/field.hpp>

#include <string>

namespace {

namespace bhttp = boost::beast::http;

sanaksme::app* the_app;
std::string coordinator;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    coordinator = sanaksme::auth::new_token();
    the_app = &sanaksme::fuzz::fuzz_app(coordinator);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    if (size < 2)
        return 0;
    static const bhttp::verb methods[] = {bhttp::verb::get,    bhttp::verb::post, bhttp::verb::put,
                                          bhttp::verb::patch,  bhttp::verb::delete_, bhttp::verb::head,
                                          bhttp::verb::options, bhttp::verb::get};
    std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    auto nl = rest.find('\n');
    std::string target = "/" + rest.substr(0, nl == std::string::npos ? rest.size() : nl);
    std::string body = nl == std::string::npos ? "" : rest.substr(nl + 1);

    sanaksme::http::beast_request req{methods[data[0] & 7], target, 11};
    if (data[0] & 8)
        req.set(bhttp::field::authorization, "Bearer " + coordinator);
    if (data[0] & 16)
        req.set(bhttp::field::content_type, (data[0] & 32) ? "application/x-www-form-urlencoded" : "application/json");
    if (data[0] & 64)
        req.set("If-Match", "\"1-1\"");
    if (data[0] & 128)
        req.set(bhttp::field::if_none_match, "\"1-1\", W/\"1-2\"");
    req.body() = body;
    req.prepare_payload();

    auto head = req.method() == bhttp::verb::head;
    auto answer = sanaksme::fuzz::dispatch_once(*the_app, std::move(req));
    // The bytes as a client reads them: they must parse as one complete HTTP/1.1 answer.
    sanaksme::fuzz::check_answer(answer.bytes, head);
    return 0;
}
