#pragma once
// A person's form on the web pages (person_name, person_email, person_phone, person_position,
// person_language, person_consent), checked by the API's person rules (domain/person).
#include "web/forms.hpp"

#include <string_view>

namespace sanaksme::web {

// The person's fields as the store takes them; what breaks a rule goes into `errors`, said in `lang`.
json read_person_form(const http::context& c, std::string_view lang, form_errors& errors);
// The same for the short forms without a page of their own for errors (a substitute's name):
// domain::invalid with the first problem.
json person_form_or_refusal(const http::context& c, std::string_view lang);
// What was typed, to show the form again: {person_name: …, …}.
json typed_person(const http::context& c);

} // namespace sanaksme::web
