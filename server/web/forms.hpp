#pragma once
// Forms on the web pages: the errors of a form sent back (GOV.UK style: a summary at the top
// linking to each field, and the message beside the field), and the small readers of fields.
#include "http/message.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sanaksme::web {

using http::json;

class form_errors {
public:
    void add(std::string field, std::string message);
    bool empty() const { return list_.empty(); }
    // data["errors"] = [{field, message}] for the summary; data["e"][field] = message beside it.
    void into(json& data) const;

private:
    std::vector<std::pair<std::string, std::string>> list_;
};

// Without spaces at either end.
std::string trimmed(std::string_view s);
// "" → 0 meaning none; a whole number in [min, max]; std::nullopt when it is not one.
std::optional<std::optional<std::int64_t>> optional_number(const std::string& text, std::int64_t min, std::int64_t max);
// The id a form or query names (a whole number from 1), or nullopt when absent or not one.
std::optional<std::int64_t> id_named(const std::optional<std::string>& text);

// Lower case without diacritics, for Latvian, Russian and English names: "Jan" finds "Janiša".
std::string folded(std::string_view s);

} // namespace sanaksme::web
