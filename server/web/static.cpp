// GET /static/{file}: the web pages' stylesheet and script, embedded from templates/web/static/.
#include "embedded.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

http::response static_file(http::context& c)
{
    const auto& name = c.param("file");
    auto body = embedded::find("templates/web/static/" + name);
    if (!body || name.find('/') != std::string::npos)
        throw http::not_found("There is no file " + name + ".");
    auto type = name.ends_with(".css")  ? "text/css; charset=utf-8"
                : name.ends_with(".js") ? "text/javascript; charset=utf-8"
                : name.ends_with(".svg") ? "image/svg+xml"
                                         : "application/octet-stream";
    auto res = http::text_response(200, type, std::string(*body));
    res.header("Cache-Control", "public, max-age=3600").header("X-Content-Type-Options", "nosniff");
    return res;
}

} // namespace sanaksme::web
