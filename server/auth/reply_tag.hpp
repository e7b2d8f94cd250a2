#pragma once
// The per-message reply address (VERP): reply+<outbox id>-<person id>-<MAC>@<reply domain>, the
// MAC an HMAC-SHA256 under the link keys, so an answer or a bounce is tied to its message and
// person without trusting what the mail says. Lower-case hex: mail systems may fold the case.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::auth {

struct reply_claims {
    std::int64_t outbox_id = 0;
    std::int64_t person_id = 0;
};

std::string sign_reply_tag(const reply_claims& c, std::string_view secret);
std::string reply_address(const reply_claims& c, std::string_view secret, std::string_view domain);

enum class reply_tag_state { absent, valid, forged };
struct reply_tag_result {
    reply_tag_state state = reply_tag_state::absent;
    reply_claims claims;
};

// Reads a recipient address: absent when it is no reply+ address of `domain` (any case),
// forged when it is one whose tag does not verify under any of `secrets`.
reply_tag_result verify_reply_address(std::string_view address, std::string_view domain,
                                      const std::vector<std::string>& secrets);

} // namespace sanaksme::auth
