// `sekisho collect` prints only its own lines: on Node 20 the AWS SDK's notice about its
// future releases needing Node 22 (9 lines) is not shown. Without credentials collect fails
// at the first call, which is enough to construct the SDK clients (where the notice comes from).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { sekisho, tempDir } from "../cli/helpers.js";

test("collect without credentials: two lines on stderr, the reason and that nothing was written", async () => {
  const home = tempDir();
  const env: Record<string, string> = {
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, "missing-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "missing-credentials"),
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "",
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "",
  };
  const r = await sekisho(["collect", "-o", join(home, "out")], { env });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, "");
  assert.deepEqual(r.stderr.split("\n"), [
    "sekisho collect: caller: GetCallerIdentity failed: CredentialsProviderError: Could not load credentials from any providers",
    "nothing written",
    "",
  ]);
});
