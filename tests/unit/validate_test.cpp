#include "http/validate.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::http;

namespace {
const schema s{{
                   {.name = "name", .type = field_type::text, .required = true, .nullable = false, .max_length = 5},
                   {.name = "kind", .type = field_type::choice, .nullable = false, .default_value = "a", .choices = {"a", "b"}},
                   {.name = "n", .type = field_type::integer, .min = 1, .max = 9},
                   {.name = "at", .type = field_type::instant},
                   {.name = "email", .type = field_type::email},
                   {.name = "tz", .type = field_type::timezone},
               },
               {"id"}};

std::vector<std::string> fields_of(const api_error& e)
{
    std::vector<std::string> out;
    for (const auto& f : e.errors())
        out.push_back(f.field);
    return out;
}
} // namespace

TEST_CASE("a valid body gets its defaults", "[validate][unit]")
{
    auto m = merge_for_create({{"name", "Rīga"}}, s);
    CHECK(m["kind"] == "a");
    CHECK(m["n"].is_null());
}

TEST_CASE("length counts characters, so Latvian letters are not penalised", "[validate][unit]")
{
    CHECK_NOTHROW(merge_for_create({{"name", "ĀČĒĢĪ"}}, s));
    CHECK_THROWS_AS(merge_for_create({{"name", "ĀČĒĢĪĶ"}}, s), api_error);
}

TEST_CASE("every bad field is reported at once", "[validate][unit]")
{
    json bad = {{"id", 3}, {"extra", 1}, {"kind", "c"}, {"n", 10}, {"at", "2017-09-21"}, {"email", "x"}, {"tz", "Mars/Base"},
                {"name", 5}};
    try {
        merge_for_create(bad, s);
        FAIL("no error");
    } catch (const api_error& e) {
        CHECK(e.status() == 422);
        auto f = fields_of(e);
        for (const char* name : {"id", "extra", "kind", "n", "at", "email", "tz", "name"})
            CHECK(std::find(f.begin(), f.end(), name) != f.end());
    }
}

TEST_CASE("required fields, null and control characters", "[validate][unit]")
{
    CHECK_THROWS_AS(merge_for_create(json::object(), s), api_error);
    CHECK_THROWS_AS(merge_for_create({{"name", nullptr}}, s), api_error);
    CHECK_THROWS_AS(merge_for_create({{"name", "a\r\nb"}}, s), api_error);
    CHECK_THROWS_AS(merge_for_create({{"name", "ok"}, {"kind", nullptr}}, s), api_error);
}

TEST_CASE("a patch keeps what it does not name and is validated whole", "[validate][unit]")
{
    json current = {{"name", "abc"}, {"kind", "b"}, {"n", 3}, {"at", nullptr}, {"email", nullptr}, {"tz", nullptr}};
    auto m = merge_for_patch(current, {{"n", 4}}, s);
    CHECK(m["kind"] == "b");
    CHECK(m["n"] == 4);
    CHECK_THROWS_AS(merge_for_patch(current, {{"name", nullptr}}, s), api_error);
}

TEST_CASE("emails and URLs", "[validate][unit]")
{
    CHECK(valid_email("agita@org1.example"));
    CHECK_FALSE(valid_email("agita@localhost"));
    CHECK_FALSE(valid_email("a b@x.lv"));
    CHECK_FALSE(valid_email("a@x.lv\r\nBcc: y@z.lv"));
    // Only the addr-spec subset that mail servers take: one '@', a dot-atom, a host name.
    CHECK(valid_email("ilona.nikiforova+platforma@org20.example"));
    CHECK(valid_email("o'brien@sub.domain.example"));
    CHECK(valid_email("anna@xn--rga-b6a.example"));
    CHECK_FALSE(valid_email("x@a.b@evil.example"));
    CHECK_FALSE(valid_email("a(b)@b.example"));
    CHECK_FALSE(valid_email("\"a b\"@b.example"));
    CHECK_FALSE(valid_email(".a@b.example"));
    CHECK_FALSE(valid_email("a.@b.example"));
    CHECK_FALSE(valid_email("a..b@b.example"));
    CHECK_FALSE(valid_email("a@-b.example"));
    CHECK_FALSE(valid_email("a@b-.example"));
    CHECK_FALSE(valid_email("a@b..example"));
    CHECK_FALSE(valid_email("a@[127.0.0.1]"));
    CHECK_FALSE(valid_email("a@1.2.3.4"));
    CHECK_FALSE(valid_email("a@b.example."));
    CHECK_FALSE(valid_email(std::string(65, 'a') + "@b.example"));
    CHECK(valid_http_url("https://www.patverums-dm.lv/lv"));
    CHECK_FALSE(valid_http_url("javascript:alert(1)"));
    CHECK_FALSE(valid_http_url("/relative"));
}
