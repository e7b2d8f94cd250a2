// The webhook worker: libcurl multi, Standard Webhooks signatures, back-off, per-resource order.
#include "mail/webhooks.hpp"

#include "auth/webhook_signature.hpp"
#include "domain/time.hpp"
#include "domain/webhooks.hpp"
#include "log.hpp"
#include "render/templates.hpp"
#include "store/outbox.hpp"
#include "store/audit.hpp"
#include "store/webhooks.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace sanaksme::mail {

namespace {


std::string link_path(const std::string& type, const std::string& resource, std::int64_t id)
{
    auto base = (resource == "person"     ? "/api/v1/people/"
                 : resource == "decision" ? "/api/v1/decisions/"
                                          : "/api/v1/meetings/") +
                std::to_string(id);
    if (type == "rsvp.changed")
        return base + "/rsvps";
    if (type == "attendance.changed")
        return base + "/attendance";
    if (type.rfind("minutes.", 0) == 0)
        return base + "/minutes";
    return base;
}

// The public URL without a trailing slash, for links under it.
std::string link_base(std::string base)
{
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base;
}

// The receiver's answer is not read: only its status counts.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

struct transfer {
    store::due_webhook delivery;
    std::string body;
    curl_slist* headers = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    ~transfer() { curl_slist_free_all(headers); }
};

} // namespace

std::string webhook_body(const std::string& public_url, const std::string& type, const std::string& resource,
                         std::int64_t resource_id, std::int64_t version, std::int64_t created_ms)
{
    auto base = link_base(public_url);
    nlohmann::json body{{"type", type},
                        {"timestamp", domain::format_rfc3339_utc(created_ms / 1000)},
                        {"data",
                         {{"resource", resource},
                          {"id", resource_id},
                          {"version", version},
                          {"link", base + link_path(type, resource, resource_id)}}}};
    return body.dump();
}

void queue_disabled_notice(store::connection& c, const webhook_settings& s, std::int64_t subscription_id,
                           const std::string& url)
{
    auto base = link_base(s.public_url);
    nlohmann::json vars{{"url", url}, {"id", subscription_id}, {"link", base + "/webhooks/" + std::to_string(subscription_id)}};
    auto line = [](std::string text) {
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        return text;
    };
    auto now = domain::now();
    render::message msg;
    msg.from = s.from;
    msg.reply_to = s.contact;
    msg.to = s.contact;
    msg.subject = line(render::render_template("lv", "webhook_disabled.subject", vars)) + " / " +
                  line(render::render_template("en", "webhook_disabled.subject", vars));
    msg.text = render::render_template("lv", "webhook_disabled.txt", vars) + "\n---\n\n" +
               render::render_template("en", "webhook_disabled.txt", vars);
    msg.date = now;
    auto host = s.contact.address.substr(s.contact.address.find('@') + 1);
    msg.message_id = "webhook-disabled." + std::to_string(subscription_id) + "." + std::to_string(now) + "@" + host;
    store::queued_message q;
    q.kind = "webhook_disabled";
    q.dedupe_key = msg.message_id;
    q.to_address = s.contact.address;
    q.language = "lv";
    q.subject = msg.subject;
    q.message_id = msg.message_id;
    q.message = render::build_message(msg, msg.message_id);
    store::queue_message(c, q);
}

webhook_worker::webhook_worker(store::database& db, webhook_settings s) : db_(db), settings_(std::move(s)) {}

webhook_worker::~webhook_worker() { stop(); }

void webhook_worker::start()
{
    multi_ = curl_multi_init();
    thread_ = std::thread([this] { loop(); });
}

void webhook_worker::stop()
{
    stopping_ = true;
    {
        std::lock_guard lock(multi_mutex_);
        if (multi_)
            curl_multi_wakeup(static_cast<CURLM*>(multi_));
    }
    if (thread_.joinable())
        thread_.join();
    std::lock_guard lock(multi_mutex_);
    if (multi_)
        curl_multi_cleanup(static_cast<CURLM*>(multi_));
    multi_ = nullptr;
}

void webhook_worker::loop()
{
    auto* multi = static_cast<CURLM*>(multi_);
    std::map<CURL*, std::unique_ptr<transfer>> running;
    std::set<std::int64_t> in_flight;
    std::map<std::int64_t, int> per_subscription;
    std::int64_t next_poll = 0;

    auto begin = [&](store::due_webhook d) {
        auto t = std::make_unique<transfer>();
        t->body = webhook_body(settings_.public_url, d.event_type, d.resource, d.resource_id, d.change, d.created_ms);
        auto id = "msg_" + std::to_string(d.id);
        auto ts = domain::now();
        t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
        t->headers = curl_slist_append(t->headers, ("webhook-id: " + id).c_str());
        t->headers = curl_slist_append(t->headers, ("webhook-timestamp: " + std::to_string(ts)).c_str());
        t->headers = curl_slist_append(
            t->headers, ("webhook-signature: " + auth::webhook_signature(d.secret, id, ts, t->body)).c_str());
        t->headers = curl_slist_append(t->headers, "Expect:");
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, d.url.c_str());
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->body.size()));
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "Sanaksme-Webhooks/1");
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout_ms));
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
        in_flight.insert(d.id);
        ++per_subscription[d.subscription_id];
        t->delivery = std::move(d);
        curl_multi_add_handle(multi, e);
        running.emplace(e, std::move(t));
    };

    auto finish = [&](CURL* e, CURLcode result) {
        auto node = running.extract(e);
        auto& t = *node.mapped();
        curl_multi_remove_handle(multi, e);
        long status = 0;
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(e);
        const auto& d = t.delivery;
        auto now = domain::now_ms();
        bool ok = result == CURLE_OK && domain::webhook_delivered(static_cast<int>(status));
        bool disabled = false;
        try {
            db_.write([&](store::connection& c) {
                if (ok) {
                    store::mark_webhook_delivered(c, d.id, static_cast<int>(status), now);
                    return;
                }
                auto error = result != CURLE_OK ? std::string(t.error[0] ? t.error : curl_easy_strerror(result))
                                                : "HTTP " + std::to_string(status);
                std::optional<std::int64_t> retry;
                if (now - d.created_ms < settings_.give_up_ms)
                    retry = now + domain::webhook_retry_delay_ms(d.failed_attempts + 1, settings_.retry_base_ms);
                std::optional<int> code;
                if (result == CURLE_OK)
                    code = static_cast<int>(status);
                disabled = store::mark_webhook_failed(c, d.id, code, error, now, retry, now - settings_.give_up_ms);
                if (!disabled)
                    return;
                store::audit(c, {std::nullopt, "webhooks", "system"}, "disable", "webhook", d.subscription_id,
                             {{"active", true}}, {{"active", false}, {"reason", "failing"}});
                if (!settings_.contact.address.empty())
                    queue_disabled_notice(c, settings_, d.subscription_id, d.url);
            });
        } catch (const std::exception& ex) {
            log::event({{"event", "webhook_record_error"}, {"delivery_id", d.id}, {"message", ex.what()}});
        }
        if (!ok)
            log::event({{"event", "webhook_failed"}, {"delivery_id", d.id}, {"subscription_id", d.subscription_id},
                        {"status", status}, {"curl", static_cast<int>(result)}});
        if (disabled)
            log::event({{"event", "webhook_disabled"}, {"subscription_id", d.subscription_id}});
        in_flight.erase(d.id);
        if (--per_subscription[d.subscription_id] == 0)
            per_subscription.erase(d.subscription_id);
        next_poll = 0; // its resource's next event may go now
    };

    while (!stopping_) {
        auto now = domain::now_ms();
        if (now >= next_poll && static_cast<int>(running.size()) < settings_.max_in_flight) {
            next_poll = now + settings_.poll_ms;
            try {
                auto due = db_.read([&](store::connection& c) {
                    return store::due_webhooks(c, now, settings_.max_in_flight + static_cast<int>(running.size()));
                });
                for (auto& d : due) {
                    if (static_cast<int>(running.size()) >= settings_.max_in_flight)
                        break;
                    if (in_flight.count(d.id) || per_subscription[d.subscription_id] >= settings_.max_per_subscription)
                        continue;
                    begin(std::move(d));
                }
                for (auto it = per_subscription.begin(); it != per_subscription.end();)
                    it = it->second == 0 ? per_subscription.erase(it) : std::next(it);
            } catch (const std::exception& ex) {
                log::event({{"event", "webhook_worker_error"}, {"message", ex.what()}});
            }
        }
        int still = 0;
        curl_multi_perform(multi, &still);
        int queued = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &queued))
            if (m->msg == CURLMSG_DONE)
                finish(m->easy_handle, m->data.result);
        // Full: only a finished send (which wakes the poll) makes room.
        bool full = static_cast<int>(running.size()) >= settings_.max_in_flight;
        auto wait = full ? settings_.poll_ms
                         : std::clamp<std::int64_t>(next_poll - domain::now_ms(), 0, settings_.poll_ms);
        if (wait > 0)
            curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait), nullptr);
    }
    for (auto& [e, t] : running) { // unsent: still pending, sent again after the restart
        curl_multi_remove_handle(multi, e);
        curl_easy_cleanup(e);
    }
}

} // namespace sanaksme::mail
