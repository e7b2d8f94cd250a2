// The served OpenAPI document means what schema/openapi.yaml says, read as YAML 1.2.
#include "support/fixtures.hpp"

#include <filesystem>

using namespace sanaksme::test;

TEST_CASE("the served OpenAPI document is the YAML read as YAML 1.2: yes and no stay strings", "[contract][api]")
{
    test_server s({"--scheduler", "false"});
    auto r = s.get("/api/v1/openapi.json", s.coordinator());
    REQUIRE(r.status == 200);
    auto doc = r.j();
    auto schemas = doc["components"]["schemas"];
    CHECK(schemas["RsvpInput"]["properties"]["response"]["enum"] == json::array({"yes", "no", "maybe"}));
    auto counts = schemas["RsvpList"]["properties"]["counts"]["properties"];
    CHECK(counts.contains("yes"));
    CHECK(counts.contains("no"));
    CHECK_FALSE(counts.contains("true"));
    // The whole document equals an independent YAML 1.2 reading of the source.
    auto [code, out] = run_program("/usr/bin/python3",
                                   {"-c",
                                    "import json,sys\n"
                                    "from ruamel.yaml import YAML\n"
                                    "y=YAML(typ='safe',pure=True); y.version=(1,2)\n"
                                    "print(json.dumps(y.load(open(sys.argv[1],encoding='utf-8')),ensure_ascii=False))",
                                    std::string(SANAKSME_SOURCE_DIR) + "/schema/openapi.yaml"});
    REQUIRE(code == 0);
    CHECK(json::parse(out) == doc);
}

TEST_CASE("the API reference page renders the served document in a real browser, from this server alone", "[contract][docs][api]")
{
    test_server s({"--scheduler", "false"});
    auto page = s.get("/api/docs", "");
    REQUIRE(page.status == 200);
    CHECK(page.header("content-type") == "text/html; charset=utf-8");
    CHECK(page.header("content-security-policy").find("default-src 'none'") != std::string::npos);
    CHECK(page.body.find("spec-url=\"/api/v1/openapi.json\"") != std::string::npos);
    CHECK(page.body.find("http://") == std::string::npos);
    CHECK(page.body.find("https://") == std::string::npos);
    auto script = s.get("/api/docs/redoc.standalone.js", "");
    REQUIRE(script.status == 200);
    CHECK(script.header("content-type").starts_with("text/javascript"));
    CHECK(script.body.size() > 500000);

    // Headless Chromium runs the page under its Content-Security-Policy; Redoc must have drawn
    // the operations of the document (a blocked script or worker leaves the bare <redoc> tag).
    auto profile = temp_dir();
    auto [code, dom] = run_program("/usr/bin/chromium",
                                   {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run",
                                    "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                                    "http://127.0.0.1:" + std::to_string(s.port()) + "/api/docs"});
    std::filesystem::remove_all(profile);
    REQUIRE(code == 0);
    CHECK(dom.find("Sanāksme API") != std::string::npos);
    CHECK(dom.find("Download OpenAPI specification") != std::string::npos);
    CHECK(dom.find("/meetings/{id}/rsvps/{person_id}") != std::string::npos);
}
