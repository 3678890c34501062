// Loaded into Prism by the contract tests (NODE_OPTIONS=--require ...), for one Prism bug only.
//
// Prism 5.14.2 (5.16.0 too) copies every request violation into an `sl-violations` response
// header with JSON.stringify, which leaves characters beyond Latin-1 as they are (a fuzzed
// property name such as "\u0100" ends up in the message). Node's setHeader throws on them, the
// promise rejection goes unhandled, and the whole mock server exits: the gate then rightly says
// the target stopped answering (test_prism_as_is_dies_and_the_gate_says_so). To see the gate's
// verdict on a Prism that stays up, this escapes such characters in that one header, as
// JSON.stringify would with an ASCII-only encoder. Nothing else of Prism is changed.
"use strict";
const http = require("http");
const setHeader = http.ServerResponse.prototype.setHeader;
http.ServerResponse.prototype.setHeader = function (name, value) {
  if (typeof value === "string" && String(name).toLowerCase() === "sl-violations") {
    value = value.replace(/[^\x20-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }
  return setHeader.call(this, name, value);
};
