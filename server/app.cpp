// The application object, and the one-time move of link keys out of the database.
#include "app.hpp"

#include "domain/attendance.hpp"
#include "store/settings.hpp"

namespace sanaksme {

app::app(config c)
    : cfg(std::move(c)), db(cfg.db_path), link_keys(auth::link_key_path(cfg.db_path, cfg.link_key_file))
{
    domain::set_online_counts_for_quorum(cfg.online_counts_for_quorum);
    move_link_keys_out(db, link_keys);
}

void move_link_keys_out(store::database& db, auth::link_keys& keys)
{
    auto legacy = db.read([](store::connection& c) { return store::legacy_link_secrets(c); });
    if (!legacy)
        return;
    keys.adopt(*legacy);
    db.write([](store::connection& c) { store::forget_legacy_link_secrets(c); });
}

} // namespace sanaksme
