// Reads every DIR/*.eml with Node's mailparser (a parser independent of Python's email) and prints JSON.
import { simpleParser } from "mailparser";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const out = [];
for (const name of readdirSync(dir).filter((n) => n.endsWith(".eml")).sort()) {
    const m = await simpleParser(readFileSync(join(dir, name)));
    out.push({
        file: name,
        from: m.from?.value ?? [],
        to: m.to?.value ?? [],
        reply_to: m.replyTo?.value ?? [],
        subject: m.subject ?? null,
        message_id: m.messageId ?? null,
        list_unsubscribe: m.headers.get("list")?.unsubscribe ?? null, // mailparser files List-* under "list"
        text: m.text ?? null,
        html: typeof m.html === "string" ? m.html : null,
        attachments: m.attachments.map((a) => ({ filename: a.filename ?? null, content_type: a.contentType, size: a.size,
                                                 method: a.contentType === "text/calendar" ? (a.headers.get("content-type")?.params?.method ?? null) : null,
                                                 content: a.contentType === "text/calendar" ? a.content.toString("utf8") : null })),
    });
}
process.stdout.write(JSON.stringify(out));
