#pragma once
// The boundary between the network and the handlers: routing, authentication, the one place
// errors become problem+json, the access log and metrics.
#include "http/message.hpp"
#include "http/router.hpp"

namespace sanaksme::api {

// The route table of the whole server (api/routes.cpp).
const http::router& routes();

http::beast_response dispatch(app& a, http::beast_request&& req);

} // namespace sanaksme::api
