// The served OpenAPI document means what schema/openapi.yaml says, read as YAML 1.2.
#include "support/fixtures.hpp"

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
