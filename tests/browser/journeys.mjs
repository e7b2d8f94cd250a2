// Journeys through the web pages in Debian's Chromium, against the real server on an ephemeral
// port with a fresh demo database (and a meeting today, whose member organizations number 26:
// one joined after the fifth meeting):
//   1. the coordinator signs in from a `sanaksme login-link` URL and sees the dashboard with the
//      seed's fifth meeting ("19 representatives · 16 of 25 member organizations · quorum 13");
//   2. two check-in desks (two browser contexts) check in 19 people of today's meeting and both
//      counters read the same, "quorum reached", within a second of the last check-in; an undo
//      shows on the other desk too;
//   3. a representative signs in, answers for two of the organization's people (the "no" with a
//      reason: an apology) and names a substitute for one, then opens their people's page;
//   4. the coordinator creates a meeting by the form (a bad time first: the error summary), adds an
//      agenda item, schedules it, invites the member organizations and previews the invitation
//      (who gets what) before sending it; the organizations list filters as you type, and so
//      does an organization's people's list (with its edit form and erasure confirmation);
//   5. every page visited: axe-core finds no serious or critical violation, nothing scrolls
//      sideways at 390 px, the CSP refuses nothing, and screenshots at 390×844 and 1280×800 are
//      saved for people to look at.
// Usage: node journeys.mjs BUILD/sanaksme ARTEFACT_DIR
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
let chromium, axeSource;
try {
  ({ chromium } = require("playwright-core"));
  axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
} catch {
  console.error("playwright-core or axe-core is missing: run scripts/install-deps --tests");
  process.exit(77); // ctest: skipped
}

const [binary, artefacts] = process.argv.slice(2);
assert.ok(binary && artefacts, "usage: node journeys.mjs SANAKSME_BINARY ARTEFACT_DIR");
mkdirSync(artefacts, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), "sanaksme-browser-"));
const db = join(dir, "demo.db");
const cli = (...args) => execFileSync(binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

cli("demo", "--db", db);
const server = spawn(binary, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet", "--scheduler", "false"],
                     { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
    if (m) resolve(m[1]);
  });
  server.on("exit", (code) => reject(new Error("the server stopped: " + code)));
});

const api = async (method, path, body, token) => {
  const r = await fetch(base + path, { method, headers: { "Authorization": "Bearer " + token,
                                                          "Content-Type": "application/json" },
                                       body: body && JSON.stringify(body) });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
};
const names = { "koordinatore@platforma.example": "Ilze Koordinatore", "organizatore@platforma.example": "Rita Organizatore",
                "parstave@drosamaja.example": "Dace Pārstāve" };
const signinLink = (email, role = "coordinator", ...more) =>
  cli("login-link", "--db", db, "--email", email, "--role", role, "--name", names[email], "--public-url", base, ...more);

const failures = [];
const phone = { width: 390, height: 844 }, desktop = { width: 1280, height: 800 };
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });

async function newDesk(email, role) {
  const context = await browser.newContext({ viewport: desktop, locale: "lv-LV" });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) failures.push(`CSP: ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => failures.push(`script error on ${page.url()}: ${e.message}`));
  await page.goto(signinLink(email, role));
  await page.getByRole("button", { name: "Pieteikties tagad" }).click();
  await page.waitForURL(base + "/");
  return page;
}

// axe, no sideways scrolling at 390 px, and both screenshots, for the page as it stands.
async function inspect(page, name) {
  await page.evaluate(axeSource); // through the debugger protocol: the page's CSP allows no inline script
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  for (const v of result.violations)
    if (v.impact === "serious" || v.impact === "critical")
      failures.push(`axe ${name}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  for (const [label, size] of [["390x844", phone], ["1280x800", desktop]]) {
    await page.setViewportSize(size);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (label === "390x844" && wide > 0) failures.push(`${name}: scrolls sideways by ${wide}px at 390 px`);
    await page.screenshot({ path: join(artefacts, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(desktop);
}

const counterOf = (page) => page.locator("[data-counter]").textContent();

try {
  // A meeting today, scheduled: every active member organization is invited.
  const token = cli("token", "create", "--db", db, "--role", "coordinator", "--name", "browser test");
  const today = await api("POST", "/api/v1/meetings", {
    title: "NVO Dialoga platformas septītā tikšanās", starts_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    status: "scheduled", quorum: 13, venue: { name: "Rīgas dome", address: "Rātslaukums 1, Rīga" } }, token);

  // Journey 1: the signed-out start page, the link's confirm page, the dashboard.
  {
    const context = await browser.newContext({ viewport: desktop, locale: "lv-LV" });
    const page = await context.newPage();
    await page.goto(base + "/");
    await inspect(page, "signin");
    await page.goto(signinLink("koordinatore@platforma.example"));
    await inspect(page, "signin-confirm");
    await page.getByRole("button", { name: "Pieteikties tagad" }).click();
    await page.waitForURL(base + "/");
    const main = await page.locator("main").textContent();
    assert.match(main, /NVO Dialoga platformas piektā tikšanās/);
    assert.match(main, /2017\. gada 21\. septembrī, plkst\. 10\.00/);
    assert.match(main, /19 pārstāvji · 16 no 25 dalīborganizācijām · kvorums 13 sasniegts/);
    await inspect(page, "dashboard");
    await page.getByRole("link", { name: "Русский" }).click();
    assert.match(await page.locator("main").textContent(), /19 представителей · 16 из 25 организаций-членов · кворум 13 есть/);
    await inspect(page, "dashboard-ru");
    await context.close();
  }

  // Journey 2: two desks check in 19 people; each sees the other's check-ins within a second.
  {
    const deskA = await newDesk("koordinatore@platforma.example", "coordinator");
    const deskB = await newDesk("organizatore@platforma.example", "organizer");
    const path = `${base}/meetings/${today.id}/desk`;
    await deskA.goto(path);
    await deskB.goto(path);
    assert.match(await counterOf(deskA), /^0 pārstāvju · 0 no 26 dalīborganizācijām · kvorums 13 nav sasniegts$/);
    await inspect(deskA, "desk");

    // Search as you type: two letters narrow the list without a reload.
    const everyone = await deskA.locator(".people > li").count();
    await deskA.getByLabel("Meklēt vārdu").fill("ag");
    const shown = await deskA.locator(".people > li:not([hidden])").count();
    assert.ok(shown > 0 && shown < everyone, `the filter left ${shown} people`);
    await deskA.getByLabel("Meklēt vārdu").fill("");

    const names = await deskA.locator(".people button").evaluateAll((bs) => bs.map((b) => b.dataset.person));
    assert.ok(names.length >= 19, `only ${names.length} people are invited`);
    for (let i = 0; i < 19; i++) {
      const desk = i % 2 === 0 ? deskA : deskB;
      await desk.locator(`button[data-person="${names[i]}"]`).click();
      await desk.waitForLoadState("load");
    }
    const expected = /^19 pārstāvji · (1[3-9]) no 26 dalīborganizācijām · kvorums 13 sasniegts$/;
    const started = Date.now();
    for (const desk of [deskA, deskB])
      await desk.locator("[data-counter]").filter({ hasText: expected }).waitFor({ timeout: 1500 });
    const a = await counterOf(deskA), b = await counterOf(deskB);
    assert.equal(a, b);
    assert.match(a, expected);
    console.log(`both desks read "${a}" (${Date.now() - started} ms after the last check-in)`);
    await inspect(deskB, "desk-quorum");

    // An undo at desk B shows on desk A without a reload.
    await deskB.locator(`button[data-person="${names[0]}"]`).click();
    await deskB.waitForLoadState("load");
    await deskA.locator("[data-counter]").filter({ hasText: /^18 pārstāvji/ }).waitFor({ timeout: 1500 });
    assert.equal(await deskA.locator(`button[data-person="${names[0]}"]`).getAttribute("class"), "");

    // A walk-in guest from desk A.
    await deskA.getByLabel("Vārds, uzvārds").fill("Anna Viesiņa");
    await deskA.getByRole("button", { name: "Reģistrēt viesi" }).click();
    await deskA.waitForLoadState("load");
    assert.match(await counterOf(deskA), /^18 pārstāvji · 1 viesis · /);
    const attendance = await api("GET", `/api/v1/meetings/${today.id}/attendance`, null, token);
    assert.equal(attendance.summary.people_present, 19);
    assert.equal(attendance.summary.guests_present, 1);
  }

  // Journey 3: a representative signs in and answers for two of the organization's people.
  {
    const orgs = await api("GET", "/api/v1/organizations?limit=100", null, token);
    const org = orgs.items.find((o) => o.name.includes("Drošā māja"));
    const people = (await api("GET", `/api/v1/organizations/${org.id}/people`, null, token)).items;
    assert.ok(people.length >= 2);
    const upcoming = await api("POST", "/api/v1/meetings", {
      title: "NVO Dialoga platformas astotā tikšanās", starts_at: new Date(Date.now() + 14 * 86400e3).toISOString().replace(/\.\d+Z$/, "Z"),
      status: "scheduled", venue: { name: "Rīgas dome", address: "Rātslaukums 1, Rīga" } }, token);
    const context = await browser.newContext({ viewport: desktop, locale: "lv-LV" });
    const page = await context.newPage();
    await page.goto(signinLink("parstave@drosamaja.example", "member", "--organization", String(org.id)));
    await page.getByRole("button", { name: "Pieteikties tagad" }).click();
    await page.waitForURL(base + "/");
    const section = page.locator("section", { hasText: "NVO Dialoga platformas astotā tikšanās" });
    for (const [person, answer] of [[people[0], "jā"], [people[1], "nē"]]) {
      await section.getByLabel(person.name).selectOption({ label: answer });
      await section.locator("form", { hasText: person.name }).getByRole("button").click();
      await page.waitForURL(/saved=1/);
    }
    // The "no" with a reason, then a substitute for the same person.
    const second = section.locator("li", { hasText: people[1].name }).first();
    await second.getByLabel("Iemesls, ja nevar ierasties (nav obligāts)").fill("Komandējumā");
    await second.getByLabel(people[1].name).selectOption({ label: "nē" });
    await second.getByRole("button", { name: "Saglabāt atbildi" }).click();
    await page.waitForURL(/saved=1/);
    await second.locator("summary").click();
    await second.getByLabel("Aizvietotāja vārds un uzvārds").fill("Pēteris Aizvietotājs");
    await second.getByRole("button", { name: "Sūtīt aizvietotāju" }).click();
    await page.waitForURL(/saved=1/);
    await inspect(page, "representative");
    const rsvps = (await api("GET", `/api/v1/meetings/${upcoming.id}/rsvps`, null, token)).items;
    const by = Object.fromEntries(rsvps.map((a) => [a.person_id, a]));
    assert.equal(by[people[0].id].response, "yes");
    assert.equal(by[people[1].id].response, "no");
    const substitute = rsvps.find((a) => a.response === "yes" && a.note === `Aizvieto: ${people[1].name}.`);
    assert.ok(substitute, "the substitute answers yes, naming whom they replace");
    await page.getByRole("link", { name: "Mūsu cilvēki", exact: true }).first().click();
    assert.match(await page.locator("main").textContent(), /Pēteris Aizvietotājs/);
    await inspect(page, "representative-people");
    await context.close();
  }

  // Journey 4: the coordinator creates a meeting with an agenda item, invites, previews, sends.
  {
    const page = await newDesk("koordinatore@platforma.example", "coordinator");
    await page.getByRole("link", { name: "Tikšanās", exact: true }).click();
    await inspect(page, "meetings");
    await page.getByRole("link", { name: "Jauna tikšanās" }).click();
    await page.getByLabel("Nosaukums").fill("NVO Dialoga platformas devītā tikšanās");
    await page.getByLabel("Sākums").fill("2030-12-03T10:00");
    await page.getByLabel("Beigas (nav obligāti)").fill("2030-12-03T09:00");
    await page.getByRole("button", { name: "Saglabāt tikšanos" }).click();
    await page.locator(".error-summary").waitFor();
    assert.match(await page.locator(".error-summary").textContent(), /Beigām jābūt pēc sākuma/);
    await inspect(page, "meeting-form-errors");
    await page.getByLabel("Beigas (nav obligāti)").fill("2030-12-03T13:00");
    await page.getByLabel("Vieta").fill("Rīgas dome");
    await page.getByLabel("Adrese").fill("Rātslaukums 1, Rīga");
    await page.getByRole("button", { name: "Saglabāt tikšanos" }).click();
    await page.waitForURL(/\/meetings\/[0-9]+\?saved=1$/);
    const meetingId = page.url().match(/\/meetings\/([0-9]+)/)[1];
    await page.getByLabel("Nosaukums", { exact: true }).fill("Budžeta projekts 2031");
    await page.getByLabel("Runātājs (nav obligāti)").fill("Ilze Koordinatore");
    await page.getByLabel("Plānotās minūtes").fill("30");
    await page.getByRole("button", { name: "Pievienot punktu" }).click();
    await page.waitForURL(/#agenda$/);
    assert.match(await page.locator("ol.agenda").textContent(), /10\.00–10\.30\s+Budžeta projekts 2031/);
    await page.getByRole("button", { name: "Ieplānot tikšanos" }).click();
    await page.waitForURL(/saved=1$/);
    await inspect(page, "meeting");
    const m = await api("GET", `/api/v1/meetings/${meetingId}`, null, token);
    assert.equal(m.starts_at, "2030-12-03T10:00:00+02:00");
    assert.equal(m.status, "scheduled");

    await page.getByRole("link", { name: "Ielūgumi un atgādinājumi" }).click();
    await page.getByRole("button", { name: "Uzaicināt dalīborganizācijas" }).click();
    await page.waitForURL(/invited=/);
    await page.getByLabel("Ko sūtīt").selectOption("invitation");
    await page.getByRole("button", { name: "Priekšskatījums" }).click();
    await page.waitForURL(/preview=invitation/);
    const preview = await page.locator("#preview-heading + p").textContent();
    const planned = Number(preview.match(/([0-9]+)/)[1]);
    assert.ok(planned > 0, `the preview plans ${preview}`);
    assert.equal((await api("GET", `/api/v1/outbox?meeting_id=${meetingId}`, null, token)).items.length, 0);
    await inspect(page, "mail-preview");
    await page.getByRole("button", { name: "Sūtīt tagad" }).click();
    await page.waitForURL(/sent=/);
    const queued = (await api("GET", `/api/v1/outbox?meeting_id=${meetingId}&limit=100`, null, token)).items;
    assert.equal(queued.length, planned);
    await inspect(page, "mail-outbox");

    // Organizations: the list filters as you type, then an edit form.
    await page.getByRole("link", { name: "Organizācijas", exact: true }).click();
    const all = await page.locator("#organization-list > li").count();
    await page.getByLabel("Meklēt organizāciju").fill("drosa");
    const left = await page.locator("#organization-list > li:not([hidden])").count();
    assert.ok(left > 0 && left < all, `the filter left ${left} of ${all} organizations`);
    await inspect(page, "organizations");
    await page.locator("#organization-list > li:not([hidden]) a").first().click();
    await inspect(page, "organization-form");
    // Its people: the list filters as you type; the edit form and the erasure's confirmation.
    await page.getByRole("link", { name: "Meklēt, labot un dzēst šīs organizācijas cilvēkus" }).click();
    const everyone = await page.locator("#people-list > li").count();
    assert.ok(everyone > 1, `the organization lists ${everyone} people`);
    const first = (await page.locator("#people-list > li strong").first().textContent()).trim();
    await page.getByLabel("Atrast personu").fill(first.slice(0, 4));
    assert.ok(await page.locator("#people-list > li:not([hidden])").count() >= 1);
    await inspect(page, "people");
    await page.locator("#people-list > li:not([hidden])").first().getByRole("link", { name: /^Labot/ }).click();
    await inspect(page, "person-form");
    await page.locator("#people-list > li").first().getByRole("link", { name: /^Dzēst/ }).click();
    assert.match(await page.locator("#erase").textContent(), /To nevar atsaukt/);
    await inspect(page, "person-erase");

    // Journey 5: the coordinator drafts the minutes, circulates, approves
    // and downloads the PDF.
    await page.goto(`${base}/meetings/${meetingId}`);
    await page.getByRole("link", { name: "Protokols", exact: true }).click();
    await page.getByLabel("Kopsavilkums").fill("Sanāksmē apsprieda platformas darba plānu.");
    await page.getByLabel("Piezīmes").first().fill("Diskusija par budžetu.");
    await page.getByLabel("Lēmumi (katrs savā rindā)").first().fill("Pieņemt darba plānu\nPārskatīt martā");
    await page.locator("#action_text_0").fill("Nosūtīt darba plānu biedriem");
    await page.locator("#action_owner_0").fill("Rita Organizatore");
    await page.getByRole("button", { name: "Saglabāt melnrakstu" }).click();
    await page.waitForURL(/saved=1/);
    await inspect(page, "minutes-draft");
    await page.getByRole("button", { name: "Saglabāt un izsūtīt dalībniekiem" }).click();
    await page.waitForURL(/saved=1/);
    await page.getByRole("button", { name: "Apstiprināt protokolu" }).click();
    await page.waitForURL(/saved=1/);
    const minutes = await api("GET", `/api/v1/meetings/${meetingId}/minutes`, null, token);
    assert.equal(minutes.status, "approved");
    assert.deepEqual(minutes.items[0].decisions, ["Pieņemt darba plānu", "Pārskatīt martā"]);
    assert.equal(minutes.action_items[0].owner, "Rita Organizatore");
    await inspect(page, "minutes-approved");
    const [download] = await Promise.all([page.waitForEvent("download"),
                                          page.getByRole("link", { name: "Protokols (pdf)" }).click()]);
    const pdf = readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 4).toString(), "%PDF");

    // Journey 6: a CSV import with two bad rows shows them and writes nothing until fixed.
    const orgs = (await api("GET", "/api/v1/organizations?limit=1", null, token)).items;
    const orgName = orgs[0].name;
    const countPeople = async () => (await api("GET", `/api/v1/organizations/${orgs[0].id}/people?limit=200`, null, token)).items.length;
    const before = await countPeople();
    await page.getByRole("link", { name: "Organizācijas", exact: true }).click();
    await page.getByRole("link", { name: "Importēt cilvēkus no CSV" }).click();
    const csv = (email, org) => `name,email,organization\nImanta Pirmā,imanta@example.lv,"${orgName}"\n` +
      `Kārlis Otrais,${email},"${orgName}"\nLīga Trešā,liga@example.lv,"${org}"\n`;
    await page.getByLabel("CSV teksts (iekopējiet to no izklājlapas vai faila)").fill(csv("karlis(at)example.lv", "Nezināma biedrība"));
    await page.getByRole("button", { name: "Pārbaudīt rindas" }).click();
    await page.locator(".error-summary").waitFor();
    assert.match(await page.locator(".error-summary").textContent(), /2 rindās ir kļūdas/);
    assert.equal(await page.locator(".import-rows li.bad").count(), 2);
    assert.equal(await page.getByRole("button", { name: /^Importēt/ }).count(), 0);
    assert.equal(await countPeople(), before);
    await inspect(page, "people-import-errors");
    await page.getByLabel("CSV teksts (iekopējiet to no izklājlapas vai faila)").fill(csv("karlis@example.lv", orgName));
    await page.getByRole("button", { name: "Pārbaudīt rindas" }).click();
    await page.getByRole("button", { name: "Importēt 3 cilvēkus" }).click();
    await page.waitForURL(/imported=3/);
    assert.equal(await countPeople(), before + 3);
    await inspect(page, "people-import-done");

    // The coordinator's administration pages: each one passes axe and fits a phone.
    await page.goto(`${base}/meetings/${meetingId}/roll-call`);
    await inspect(page, "roll-call");
    await page.getByRole("link", { name: "Dalība", exact: true }).click();
    await page.locator(".chart img").waitFor();
    await inspect(page, "participation");
    await page.getByRole("link", { name: "Izmaiņu žurnāls", exact: true }).click();
    await inspect(page, "audit");
    await page.getByRole("link", { name: "API pilnvaras", exact: true }).click();
    await page.getByLabel("Nosaukums (kas to izmanto)").fill("Kalendāra robots");
    await page.getByRole("button", { name: "Izveidot pilnvaru" }).click();
    const secret = await page.locator("#new-token").inputValue();
    assert.equal((await fetch(`${base}/api/v1/meetings`, { headers: { Authorization: `Bearer ${secret}` } })).status, 200);
    await inspect(page, "tokens");
    await page.getByRole("link", { name: "Konti", exact: true }).click();
    await inspect(page, "accounts");
    // Journey 7: the coordinator adds a webhook (its secret shown once) and opens its deliveries.
    await page.getByRole("link", { name: "Tīmekļa āķi (webhooks)", exact: true }).click();
    await page.getByLabel("Adrese (https://)").fill("https://crm.example.org/sanaksme");
    await page.getByLabel("meeting.scheduled").check();
    await page.getByRole("button", { name: "Pievienot", exact: true }).click();
    assert.match(await page.locator("#new-secret").inputValue(), /^whsec_/);
    await inspect(page, "webhooks");
    await page.getByRole("link", { name: "https://crm.example.org/sanaksme" }).click();
    await inspect(page, "webhook-deliveries");
  }
} catch (e) {
  failures.push(e.stack || String(e));
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`journeys passed; screenshots in ${artefacts}`);
