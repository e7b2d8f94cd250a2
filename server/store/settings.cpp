// The settings table, read only to move the link keys it held out of the database.
#include "store/settings.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view legacy_keys_sql = "SELECT value FROM settings WHERE key = 'link_secrets'";
constexpr std::string_view forget_keys_sql = "DELETE FROM settings WHERE key = 'link_secrets'";
constexpr std::string_view secure_delete_sql = "PRAGMA secure_delete";
constexpr std::string_view secure_delete_on_sql = "PRAGMA secure_delete = 1";
constexpr std::string_view secure_delete_off_sql = "PRAGMA secure_delete = 0";

} // namespace

std::optional<std::vector<std::string>> legacy_link_secrets(connection& c)
{
    auto row = query_one(c, legacy_keys_sql, json::object());
    if (!row)
        return std::nullopt;
    auto keys = json::parse((*row)["value"].get<std::string>(), nullptr, false);
    std::vector<std::string> out;
    if (keys.is_array())
        for (const auto& k : keys)
            if (k.is_string() && !k.get<std::string>().empty())
                out.push_back(k.get<std::string>());
    return out;
}

void forget_legacy_link_secrets(connection& c)
{
    auto& sd = c.prepare(secure_delete_sql);
    bool was_secure = sd.executeStep() && sd.getColumn(0).getInt() != 0;
    sd.reset();
    c.exec(secure_delete_on_sql);
    execute(c, forget_keys_sql, json::object());
    if (!was_secure)
        c.exec(secure_delete_off_sql);
}

} // namespace sanaksme::store
