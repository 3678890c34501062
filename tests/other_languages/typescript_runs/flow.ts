// What a TypeScript user does with the typescript-fetch clients generated from the published
// bundles, run with Node's built-in fetch against the emulator (tests/other_languages/
// test_typescript_runs.py compiles it with the pinned tsc and runs it). Written as a user
// would: field values keyed by API name, results narrowed on `status`, error bodies read from
// the ResponseError with the generated models. It prints one JSON line: every check made
// (product, group, name, ok, what was seen) and the ids it wrote, for the Python side to
// assert on and to compare with the emulator's state.
import * as crm from "./crm/index";
import * as bigin from "./bigin/index";
import * as original from "./crm-original/index"; // modelPropertyNaming=original

declare const process: {
  argv: string[];
  stdout: { write(text: string): boolean };
  exitCode?: number;
};

interface Settings {
  baseUrl: string;
  token: string;
  biginRecord: string; // a 19-digit Pipelines id of the dataset, updated by its id
}

interface Check {
  product: string;
  group: string;
  name: string;
  ok: boolean;
  got: unknown;
}

interface Exchange {
  method: string;
  url: string;
  status: number;
  request: string | null;
  response: string;
}

const settings = JSON.parse(process.argv[2] ?? "{}") as Settings;
const checks: Check[] = [];
const exchanges: Exchange[] = [];
const written: Record<string, Record<string, string>> = { crm: {}, bigin: {} };

function check(product: string, group: string, name: string, ok: boolean, got: unknown): void {
  checks.push({ product, group, name, ok, got: got === undefined ? null : got });
}

// Node's fetch, noting every exchange as text: what the server sent is compared with what
// the client parsed.
const noting: crm.FetchAPI = async (input, init) => {
  const answer = await fetch(input, init);
  exchanges.push({
    method: init?.method ?? "GET",
    url: String(input),
    status: answer.status,
    request: typeof init?.body === "string" ? init.body : null,
    response: await answer.clone().text(),
  });
  return answer;
};

// The id exactly as the server wrote it in an answer (`"id":"<digits>"`), not a number.
function sentByServer(id: unknown): boolean {
  return (
    typeof id === "string" &&
    /^[0-9]{1,19}$/.test(id) &&
    exchanges.some((x) => x.response.includes(`"id":"${id}"`))
  );
}

function lastRequest(): unknown {
  const body = exchanges[exchanges.length - 1]?.request;
  return body == null ? null : JSON.parse(body);
}

// A call that must fail: the HTTP status and the error body (typescript-fetch throws a
// ResponseError for any status outside 2xx and leaves the body to the caller).
async function failure(call: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof crm.ResponseError || e instanceof bigin.ResponseError) {
      return { status: e.response.status, body: await e.response.json() };
    }
    throw e;
  }
  throw new Error("the call succeeded");
}

async function step(product: string, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    let got = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : String(e);
    if (e instanceof crm.ResponseError || e instanceof bigin.ResponseError) {
      got = `HTTP ${e.response.status} ${await e.response.text()}\n${got}`;
    }
    check(product, "threw", name, false, got);
  }
}

// ---- CRM -----------------------------------------------------------------------------------

async function crmFlow(): Promise<void> {
  const config = (token: string) =>
    new crm.Configuration({
      basePath: settings.baseUrl,
      apiKey: `Zoho-oauthtoken ${token}`,
      fetchApi: noting,
    });
  const deals = new crm.RecordsApi(config(settings.token));
  const at = { version: crm.ApiVersion.V8, moduleApiName: "Deals" } as const;
  const P = "crm";
  let first = "";
  let second = "";

  await step(P, "insert", async () => {
    const answer = await deals.insertRecords({
      ...at,
      insertRecordsRequest: {
        data: [
          { Deal_Name: "TS first", Stage: "Qualification", Amount: 1234.5, Next_Step: "Call back",
            Languages_Known: ["French", "German"] },
          { Deal_Name: "TS second", Stage: "Needs Analysis", Amount: 99 },
        ],
        trigger: [],
      },
    });
    const ids: string[] = [];
    for (const item of answer.data) {
      if (item.status === "success") {
        ids.push(item.details.id); // typed string: the union narrows on status
      }
    }
    check(P, "ids", "insert answers two ids", ids.length === 2, ids);
    check(P, "ids", "inserted ids are the server's strings", ids.every(sentByServer), ids);
    check(P, "ids", "inserted ids have 19 digits", ids.every((id) => id.length === 19), ids);
    [first = "", second = ""] = ids;
    written.crm.first = first;
    written.crm.second = second;
  });

  await step(P, "get", async () => {
    const answer = await deals.getRecord({ ...at, recordId: first });
    const record = answer.data[0];
    check(P, "ids", "read id equals the written id", record?.id === first, record?.id);
    check(P, "ids", "read id is the server's string", sentByServer(record?.id), record?.id);
    check(P, "fields", "Stage survives", record?.["Stage"] === "Qualification", record?.["Stage"]);
    check(P, "fields", "Amount survives", record?.["Amount"] === 1234.5, record?.["Amount"]);
    check(P, "fields", "Deal_Name survives", record?.["Deal_Name"] === "TS first", record?.["Deal_Name"]);
    check(P, "fields", "Next_Step survives", record?.["Next_Step"] === "Call back", record?.["Next_Step"]);
    const languages = record?.["Languages_Known"] as unknown;
    check(P, "fields", "a multi-select picklist survives",
      JSON.stringify(languages) === '["French","German"]', languages);
    const owner = record?.["Owner"] as { id?: unknown } | undefined;
    check(P, "ids", "a lookup's id is the server's string", sentByServer(owner?.id), owner?.id);
  });

  await step(P, "update by id", async () => {
    const answer = await deals.updateRecord({
      ...at,
      recordId: first,
      updateRecordRequest: { data: [{ Stage: "Closed Won", Next_Step: null, Amount: 2000 }] },
    });
    const sent = lastRequest() as { data: Record<string, unknown>[] };
    check(P, "null", "null is sent as null", sent.data[0]?.["Next_Step"] === null, sent);
    const item = answer.data[0];
    const id = item?.status === "success" ? item.details.id : null;
    check(P, "ids", "updated id is the one in the path", id === first, item);
    const after = (await deals.getRecord({ ...at, recordId: first })).data[0];
    check(P, "null", "the field reads back cleared", after?.["Next_Step"] == null, after?.["Next_Step"]);
    check(P, "fields", "Stage updated", after?.["Stage"] === "Closed Won", after?.["Stage"]);
    check(P, "fields", "Amount updated", after?.["Amount"] === 2000, after?.["Amount"]);
  });

  await step(P, "update many", async () => {
    const answer = await deals.updateRecords({
      ...at,
      updateRecordsRequest: { data: [{ id: second, Description: "from TypeScript" }] },
    });
    const sent = lastRequest() as { data: { id: unknown }[] };
    check(P, "ids", "the body carries the id as a string", sent.data[0]?.id === second, sent);
    const item = answer.data[0];
    check(P, "ids", "updated many: the same id back",
      item?.status === "success" && item.details.id === second, item);
  });

  // Keys the spec declares on a record (`Layout`, `Tag`, `$append_values`) are renamed by the
  // generator's default naming (`layout`, `tag`, `$appendValues`): written with Zoho's names, as
  // every other field is, or with the generated ones, each should go out once, under Zoho's name.
  const keysOf = (body: unknown) =>
    Object.keys((body as { data: Record<string, unknown>[] }).data[0] ?? {}).sort().join(",");
  const meant = "$append_values,Languages_Known,Tag";
  await step(P, "zoho names", async () => {
    await deals.updateRecord({
      ...at,
      recordId: second,
      updateRecordRequest: {
        data: [{ Languages_Known: ["Spanish"], $append_values: { Languages_Known: true },
          Tag: [{ name: "typescript" }] }],
      },
    });
    check(P, "zoho_names", "sent once, under Zoho's names", keysOf(lastRequest()) === meant,
      lastRequest());
  });
  await step(P, "generated names", async () => {
    await failure(() =>
      deals.updateRecord({
        ...at,
        recordId: second,
        updateRecordRequest: {
          data: [{ Languages_Known: ["Korean"], $appendValues: { Languages_Known: true },
            tag: [{ name: "typescript" }] }],
        },
      }),
    ).catch(() => null); // answered 400 when the renamed keys go out too: checked below
    check(P, "generator_names", "sent once, under Zoho's names", keysOf(lastRequest()) === meant,
      lastRequest());
  });
  // The same client generated with --additional-properties=modelPropertyNaming=original.
  await step(P, "original names", async () => {
    const api = new original.RecordsApi(new original.Configuration({
      basePath: settings.baseUrl, apiKey: `Zoho-oauthtoken ${settings.token}`, fetchApi: noting,
    }));
    const answer = await api.updateRecord({
      ...at,
      recordId: second,
      updateRecordRequest: {
        data: [{ Languages_Known: ["German"], $append_values: { Languages_Known: true },
          Tag: [{ name: "typescript" }] }],
      },
    });
    check(P, "original_names", "sent once, under Zoho's names", keysOf(lastRequest()) === meant,
      lastRequest());
    const item = answer.data[0];
    check(P, "original_names", "the same id back",
      item?.status === "success" && item.details.id === second, item);
    const after = (await api.getRecord({ ...at, recordId: second })).data[0];
    const languages = after?.["Languages_Known"] as unknown;
    check(P, "original_names", "the value is appended",
      JSON.stringify(languages) === '["Spanish","German"]', languages);
  });

  await step(P, "upsert", async () => {
    const answer = await deals.upsertRecords({
      ...at,
      crmUpsertRecordsRequest: {
        data: [
          { Deal_Name: "TS second", Stage: "Closed Lost" },
          { Deal_Name: "TS upserted", Stage: "Qualification", Amount: 5 },
        ],
        duplicateCheckFields: ["Deal_Name"],
      },
    });
    const [updated, inserted] = answer.data;
    check(P, "upsert", "the match is updated",
      updated?.status === "success" && updated.action === "update" &&
        updated.details.id === second && updated.duplicateField === "Deal_Name", updated);
    check(P, "upsert", "the new one is inserted",
      inserted?.status === "success" && inserted.action === "insert" &&
        sentByServer(inserted.details.id), inserted);
    if (inserted?.status === "success") written.crm.upserted = inserted.details.id;
  });

  await step(P, "delete", async () => {
    const id = written.crm.upserted ?? "";
    const answer = await deals.deleteRecords({ ...at, ids: id });
    const item = answer.data[0];
    check(P, "delete", "deleted, the id back",
      item?.status === "success" && item.details.id === id, item);
    const gone = await failure(() => deals.getRecord({ ...at, recordId: id }));
    check(P, "delete", "a deleted record no longer reads", gone.status >= 400, gone);
  });

  await step(P, "per-record errors", async () => {
    const answer = await deals.insertRecords({
      ...at,
      insertRecordsRequest: {
        data: [
          { Deal_Name: "TS partly", Stage: "Qualification" },
          { Deal_Name: "TS bad amount", Stage: "Qualification", Amount: "a lot" },
        ],
      },
    });
    const [good, bad] = answer.data;
    if (good?.status === "success") written.crm.partly = good.details.id;
    check(P, "record_errors", "the good record is written", good?.status === "success", good);
    if (bad?.status === "error") {
      check(P, "record_errors", "code", bad.code === "INVALID_DATA", bad.code);
      check(P, "record_errors", "message", bad.message === "invalid data", bad.message);
      check(P, "record_errors", "details.api_name", bad.details.apiName === "Amount", bad.details);
      check(P, "record_errors", "details.json_path",
        bad.details.jsonPath === "$.data[1].Amount", bad.details);
      check(P, "record_errors", "details.expected_data_type",
        bad.details.expectedDataType === "currency", bad.details);
    } else {
      check(P, "record_errors", "the bad record is an error", false, bad);
    }
    // every record failed: HTTP 400, the same data[] of per-record errors in the body
    const all = await failure(() =>
      deals.insertRecords({
        ...at,
        insertRecordsRequest: { data: [{ Deal_Name: "TS no stage" }] },
      }),
    );
    check(P, "record_errors", "all failed is a 400", all.status === 400, all.status);
    const parsed = crm.InsertRecords400ResponseFromJSON(all.body);
    const item = "data" in parsed ? parsed.data[0] : undefined;
    check(P, "record_errors", "all failed: parsed per record",
      item?.status === "error" && item.code === "MANDATORY_NOT_FOUND" &&
        item.details.apiName === "Stage", parsed);
  });

  await step(P, "top-level errors", async () => {
    const unknown = await failure(() =>
      deals.insertRecords({
        version: crm.ApiVersion.V8,
        moduleApiName: "No_Such_Module",
        insertRecordsRequest: { data: [{ Deal_Name: "TS nowhere" }] },
      }),
    );
    check(P, "top_errors", "unknown module is a 400", unknown.status === 400, unknown.status);
    const parsed = crm.InsertRecords400ResponseFromJSON(unknown.body);
    check(P, "top_errors", "unknown module: code",
      "code" in parsed && parsed.code === "INVALID_MODULE" && parsed.status === "error", parsed);
    const stranger = new crm.RecordsApi(config("not-a-token"));
    const refused = await failure(() => stranger.getRecord({ ...at, recordId: first }));
    check(P, "top_errors", "bad token is a 401", refused.status === 401, refused.status);
    const error = crm.ErrorResponseFromJSON(refused.body);
    check(P, "top_errors", "bad token: code", error.code === "INVALID_TOKEN", error);
    check(P, "top_errors", "bad token: message", error.message === "invalid oauth token", error);
  });
}

// ---- Bigin ---------------------------------------------------------------------------------

async function biginFlow(): Promise<void> {
  const config = (token: string) =>
    new bigin.Configuration({
      basePath: settings.baseUrl,
      apiKey: `Zoho-oauthtoken ${token}`,
      fetchApi: noting,
    });
  const pipelines = new bigin.RecordsApi(config(settings.token));
  const at = { moduleApiName: "Pipelines" } as const;
  const P = "bigin";
  const existing = settings.biginRecord;
  let trek = "";

  await step(P, "insert", async () => {
    const answer = await pipelines.insertRecords({
      ...at,
      biginInsertRecordsRequest: {
        data: [
          { Deal_Name: "TS trek", Sub_Pipeline: "Sales Pipeline Standard",
            Stage: "Qualification", Amount: 700.25 },
        ],
      },
    });
    const item = answer.data[0];
    trek = item?.status === "success" ? item.details.id : "";
    check(P, "ids", "inserted id is the server's string", sentByServer(trek), item);
    check(P, "ids", "inserted id has 19 digits", trek.length === 19, trek);
    written.bigin.trek = trek;
  });

  await step(P, "get", async () => {
    const record = (await pipelines.getRecord({ ...at, recordId: trek })).data[0];
    check(P, "ids", "read id equals the written id", record?.id === trek, record?.id);
    check(P, "fields", "Stage survives", record?.["Stage"] === "Qualification", record?.["Stage"]);
    check(P, "fields", "Amount survives", record?.["Amount"] === 700.25, record?.["Amount"]);
    check(P, "fields", "Sub_Pipeline survives",
      record?.["Sub_Pipeline"] === "Sales Pipeline Standard", record?.["Sub_Pipeline"]);
  });

  await step(P, "update by id", async () => {
    const before = (await pipelines.getRecord({ ...at, recordId: existing })).data[0];
    check(P, "ids", "a 19-digit dataset id reads back exactly", before?.id === existing, before?.id);
    check(P, "fields", "the dataset's Amount", before?.["Amount"] === 6000, before?.["Amount"]);
    const answer = await pipelines.updateRecord({
      ...at,
      recordId: existing,
      biginUpdateRecordRequest: { data: [{ Stage: "Negotiation/Review", Amount: null }] },
    });
    const sent = lastRequest() as { data: Record<string, unknown>[] };
    check(P, "null", "null is sent as null", sent.data[0]?.["Amount"] === null, sent);
    const item = answer.data[0];
    check(P, "ids", "updated id is the one in the path",
      item?.status === "success" && item.details.id === existing, item);
    const after = (await pipelines.getRecord({ ...at, recordId: existing })).data[0];
    check(P, "null", "the field reads back cleared", after?.["Amount"] == null, after?.["Amount"]);
    check(P, "fields", "Stage updated", after?.["Stage"] === "Negotiation/Review", after?.["Stage"]);
  });

  await step(P, "upsert", async () => {
    const answer = await pipelines.upsertRecords({
      ...at,
      upsertRecordsRequest: {
        data: [
          { Deal_Name: "TS trek", Sub_Pipeline: "Sales Pipeline Standard", Stage: "Closed Won" },
          { Deal_Name: "TS cruise", Sub_Pipeline: "Marketing", Stage: "Campaign Planning" },
        ],
        duplicateCheckFields: ["Deal_Name"],
      },
    });
    const [updated, inserted] = answer.data;
    check(P, "upsert", "the match is updated",
      updated?.status === "success" && updated.action === "update" && updated.details.id === trek,
      updated);
    check(P, "upsert", "the new one is inserted",
      inserted?.status === "success" && inserted.action === "insert" &&
        sentByServer(inserted.details.id), inserted);
    if (inserted?.status === "success") written.bigin.cruise = inserted.details.id;
  });

  await step(P, "delete", async () => {
    const id = written.bigin.cruise ?? "";
    const answer = await pipelines.deleteRecord({ ...at, recordId: id });
    const item = answer.data[0];
    check(P, "delete", "deleted, the id back",
      item?.status === "success" && item.details.id === id, item);
  });

  await step(P, "per-record errors", async () => {
    const answer = await pipelines.insertRecords({
      ...at,
      biginInsertRecordsRequest: {
        data: [
          { Deal_Name: "TS fine", Sub_Pipeline: "Marketing", Stage: "Campaign Live" },
          { Deal_Name: "TS no sub-pipeline", Stage: "Qualification" },
        ],
      },
    });
    const [good, bad] = answer.data;
    if (good?.status === "success") written.bigin.fine = good.details.id;
    check(P, "record_errors", "the good record is written", good?.status === "success", good);
    if (bad?.status === "error") {
      check(P, "record_errors", "code", bad.code === "MANDATORY_NOT_FOUND", bad.code);
      check(P, "record_errors", "message", bad.message === "required field not found", bad.message);
      check(P, "record_errors", "details.api_name", bad.details.apiName === "Sub_Pipeline", bad.details);
      check(P, "record_errors", "details.json_path",
        bad.details.jsonPath === "$.data[1].Sub_Pipeline", bad.details);
    } else {
      check(P, "record_errors", "the bad record is an error", false, bad);
    }
  });

  await step(P, "top-level errors", async () => {
    const unknown = await failure(() =>
      pipelines.getRecord({ moduleApiName: "No_Such_Module", recordId: existing }),
    );
    check(P, "top_errors", "unknown module is a 400", unknown.status === 400, unknown.status);
    const error = bigin.ErrorResponseFromJSON(unknown.body);
    check(P, "top_errors", "unknown module: code", error.code === "INVALID_MODULE", error);
    const refused = await failure(() =>
      new bigin.RecordsApi(config("not-a-token")).deleteRecord({ ...at, recordId: existing }),
    );
    check(P, "top_errors", "bad token is a 401", refused.status === 401, refused.status);
    const parsed = bigin.ErrorResponseFromJSON(refused.body);
    check(P, "top_errors", "bad token: code", parsed.code === "INVALID_TOKEN", parsed);
  });
}

async function main(): Promise<void> {
  await crmFlow();
  await biginFlow();
  process.stdout.write(JSON.stringify({ checks, written, exchanges: exchanges.length }) + "\n");
}

main().catch((e: unknown) => {
  process.stdout.write(JSON.stringify({ fatal: String(e instanceof Error ? e.stack : e) }) + "\n");
  process.exitCode = 1;
});
