#pragma once
// The coordinator's and organizers' dashboard at / (web/dashboard.cpp).
#include "web/page.hpp"

namespace sanaksme::web {

http::response dashboard(http::context& c, reader& r);

} // namespace sanaksme::web
