#pragma once
// GDPR erasure beyond the person's own row: their name, email address, phone number and notes
// leave every text stored anywhere (notes of others, audit values, stored answers, rendered mail).
#include "store/audit.hpp"
#include "store/database.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sanaksme::store {

// What gives a person away in stored text, and what replaces it.
class personal_marks {
public:
    personal_marks(std::int64_t person_id, const std::optional<std::string>& name,
                   const std::optional<std::string>& email, const std::optional<std::string>& phone);

    // The value with every mention replaced: plain text (whole-word, ASCII case-insensitive),
    // JSON (string values; in objects carrying this person_id their own name, contacts and note
    // become null) or a MIME message (its base64 parts, calendars unfolded first). nullopt when
    // nothing in it refers to the person.
    std::optional<std::string> scrub(std::string_view value) const;

    static constexpr std::string_view placeholder = "—";

private:
    enum class kind { name, email, phone };
    // Boyer-Moore-Horspool over ASCII-case-folded bytes.
    struct needle {
        std::string lower; // ASCII letters lowered
        kind k;
        std::array<std::uint8_t, 256> skip{};
        std::size_t find(std::string_view text, std::size_t from) const;
    };
    // The bounded mentions in `text` (begin, end), sorted; with `first_only`, at most one.
    std::vector<std::pair<std::size_t, std::size_t>> mentions(std::string_view text, bool first_only) const;
    bool mentioned(std::string_view text) const { return !mentions(text, true).empty(); }
    std::optional<std::string> scrub_text(std::string_view text) const;
    bool scrub_json(nlohmann::json& j) const;
    std::optional<std::string> scrub_mime(std::string_view message) const;

    std::int64_t person_id_;
    std::string person_key_; // "\"person_id\":<id>" as nlohmann::json writes it
    std::vector<needle> needles_;
};

// Every table but `people` (the person's row is erased by its own statement), every column that
// can hold text, found in the schema at run time: a column added later is covered unasked.
// Also drops the person's own RSVP notes and every message addressed to them.
void scrub_personal_data(connection& c, std::int64_t person_id);

// DELETE /people/{id} and the web page's erasure: the person's audit values, messages and stored
// answers go; with history (invitations, answers, check-ins, presentations) the row stays
// anonymised, without it the row goes; audited as `who`. Returns true when erased, false when deleted.
bool forget_person(connection& c, const actor& who, std::int64_t person_id, std::int64_t organization_id);

} // namespace sanaksme::store
