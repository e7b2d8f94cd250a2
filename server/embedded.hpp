#pragma once
// Files compiled into the binary (schema/*.sql, templates/**, openapi.json): see cmake/embed.cmake.
#include <optional>
#include <span>
#include <string_view>

namespace sanaksme::embedded {

struct file {
    std::string_view name;
    std::string_view content;
};

std::span<const file> files();

inline std::optional<std::string_view> find(std::string_view name)
{
    for (const auto& f : files())
        if (f.name == name)
            return f.content;
    return std::nullopt;
}

} // namespace sanaksme::embedded
