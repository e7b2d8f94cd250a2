#pragma once
// The web pages' words: gettext catalogs (po/LANG.po, compiled to .mo at build time and embedded)
// read with Boost.Locale; the reader's language from ?lang=, the lang cookie, Accept-Language.
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>

namespace sanaksme::web {

inline constexpr std::array<std::string_view, 3> languages{"lv", "en", "ru"};

bool known_language(std::string_view lang);
// The first language of an Accept-Language header we speak (by q, then order), else "".
std::string from_accept_language(std::string_view header);

// msgid → the catalog's text in `lang` (the msgid itself when untranslated).
std::string tr(std::string_view lang, const char* msgid);
// Plural forms by the language's rule (lv, en and ru count differently).
std::string trn(std::string_view lang, const char* singular, const char* plural, long n);
// A translated text with {{name}} placeholders filled from `vars`: plain text, escaped where a page puts it.
std::string say(std::string_view lang, const char* msgid, const nlohmann::json& vars);
std::string sayn(std::string_view lang, const char* singular, const char* plural, long n, const nlohmann::json& vars);

} // namespace sanaksme::web
