#pragma once
// The JavaScript of the API reference page (/api/docs), built into the binary.
#include <string_view>

namespace sanaksme::api {

std::string_view redoc_bundle();

} // namespace sanaksme::api
