// The person's form of web/person_form.hpp.
#include "web/person_form.hpp"

#include "domain/address.hpp"
#include "domain/error.hpp"
#include "domain/person.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace sanaksme::web {

json read_person_form(const http::context& c, std::string_view lang, form_errors& errors)
{
    auto text = [&](const char* f) { return trimmed(form_value(c, f).value_or("")); };
    auto name = text("person_name"), email = text("person_email"), phone = text("person_phone"), position = text("person_position");
    auto language = text("person_language");
    if (name.empty() || name.size() > domain::person_name_max)
        errors.add("person_name", tr(lang, "Enter the person's name (at most 200 characters)."));
    if (!email.empty() && (email.find('@') == std::string::npos || !domain::ascii_address(email)))
        errors.add("person_email", tr(lang, "Enter an email address such as info@example.org, or leave it empty."));
    if (!phone.empty() && (phone.size() > domain::person_phone_max || !domain::valid_phone(phone)))
        errors.add("person_phone", tr(lang, "Enter a phone number of digits, spaces and + ( ) - . only."));
    if (position.size() > domain::person_position_max)
        errors.add("person_position", tr(lang, "The position is at most 300 characters."));
    if (!language.empty() && !known_language(language))
        errors.add("person_language", tr(lang, "Choose a language."));
    auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    return {{"name", name}, {"email", or_null(email)}, {"phone", or_null(phone)}, {"position", or_null(position)},
            {"language", or_null(language)}, {"email_consent", form_value(c, "person_consent").has_value()}};
}

json person_form_or_refusal(const http::context& c, std::string_view lang)
{
    form_errors errors;
    auto person = read_person_form(c, lang, errors);
    if (!errors.empty()) {
        json e;
        errors.into(e);
        throw domain::invalid(e["errors"][0]["message"].get<std::string>());
    }
    return person;
}

json typed_person(const http::context& c)
{
    json typed;
    for (const char* f : {"person_name", "person_email", "person_phone", "person_position", "person_language"})
        typed[f] = form_value(c, f).value_or("");
    typed["person_consent"] = form_value(c, "person_consent").has_value();
    return typed;
}

} // namespace sanaksme::web
