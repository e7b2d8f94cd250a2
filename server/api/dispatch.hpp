#pragma once
// The boundary between the network and the handlers: routing, authentication, the one place
// errors become problem+json, the access log and metrics.
#include "config.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "net/request_reader.hpp"

#include <functional>

namespace sanaksme {
class app;
}
namespace sanaksme::api {

// The route table of the whole server (api/routes.cpp).
const http::router& routes();

// Answers through `done`: at once, or, for a handler that returned http::deferred(...), from the
// thread that ran the write batch, after the batch holding its change is committed. `done`
// receives a function that builds the answer, to be run on the connection's strand; `closing`
// (the server is stopping) makes it close the connection after the answer.
using answer_fn = std::function<http::wire_answer(bool closing)>;
void dispatch(app& a, http::beast_request&& req, http::spooled_body&& upload, std::function<void(answer_fn)> done);

// Which requests' bodies go to a file (uploads of papers, api/papers.cpp): a POST to …/papers.
std::optional<net::spool_target> upload_spool_target(const config& cfg, const http::beast_request::header_type& h);
net::spool_policy upload_spool(const config& cfg);

} // namespace sanaksme::api
