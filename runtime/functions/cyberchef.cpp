// CyberChef family: _cyberchef(text, op, arg) — internal, for the
// `cyberchef` command (CyberChef for Splunk), which the compiler lowers to
// one call per recipe operation, chained. `op` is the operation's name in
// lower case (the compiler checks it against cyberchef_operations()); `arg`
// is its first argument as text ("" when none).
//
// Operations: "from punycode" (arg "true": internationalised domain name,
// only labels starting with xn-- are decoded), "from base64" (characters
// outside the alphabet skipped, as CyberChef's default "remove non-alphabet
// chars"), "to base64", "url decode" (as urldecode()).
// Null in: null out. Input that an operation cannot decode (bad punycode):
// null, where CyberChef would show an error instead of a value.
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/functions/cyberchef.h"

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/registry.h"
#include "runtime/functions/utf8.h"

namespace rulejit::rt {
namespace {

// RFC 3492 decoding of one label (without the xn-- prefix) into UTF-8.
bool punycode_decode(std::string_view in, std::string& out) {
  constexpr uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700;
  auto adapt = [](uint32_t delta, uint32_t numpoints, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / numpoints;
    uint32_t k = 0;
    while (delta > ((kBase - kTmin) * kTmax) / 2) {
      delta /= kBase - kTmin;
      k += kBase;
    }
    return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
  };
  std::u32string cps;
  size_t basic = in.rfind('-');
  size_t pos = 0;
  if (basic != std::string_view::npos) {
    for (size_t i = 0; i < basic; ++i) {
      if (static_cast<unsigned char>(in[i]) >= 0x80) return false;
      cps += static_cast<char32_t>(in[i]);
    }
    pos = basic + 1;
  }
  uint64_t n = 128, i = 0;
  uint32_t bias = 72;
  while (pos < in.size()) {
    uint64_t oldi = i, w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (pos >= in.size()) return false;
      char c = in[pos++];
      uint32_t digit;
      if (c >= '0' && c <= '9') digit = static_cast<uint32_t>(c - '0') + 26;
      else if (c >= 'a' && c <= 'z') digit = static_cast<uint32_t>(c - 'a');
      else if (c >= 'A' && c <= 'Z') digit = static_cast<uint32_t>(c - 'A');
      else return false;
      i += digit * w;
      uint32_t t = k <= bias ? kTmin : (k >= bias + kTmax ? kTmax : k - bias);
      if (digit < t) break;
      w *= kBase - t;
      if (i > 0x10FFFF * 64ull || w > 0x10FFFF * 64ull) return false;  // overflow guard
    }
    auto len = static_cast<uint32_t>(cps.size() + 1);
    bias = adapt(static_cast<uint32_t>(i - oldi), len, oldi == 0);
    n += i / len;
    i %= len;
    if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return false;
    cps.insert(cps.begin() + static_cast<std::ptrdiff_t>(i), static_cast<char32_t>(n));
    ++i;
  }
  for (char32_t cp : cps) utf8::append(out, cp);
  return true;
}

Value from_punycode(std::string_view s, bool idn) {
  std::string out;
  if (!idn) return punycode_decode(s, out) ? Value::string(out) : Value();
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    bool ace = label.size() >= 4 && (label[0] == 'x' || label[0] == 'X') && (label[1] == 'n' || label[1] == 'N') &&
               label[2] == '-' && label[3] == '-';
    if (ace) {
      if (!punycode_decode(label.substr(4), out)) return Value();
    } else {
      out.append(label);
    }
    if (dot == std::string_view::npos) break;
    out += '.';
    start = dot + 1;
  }
  return Value::string(out);
}

constexpr std::string_view kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string to_base64(std::string_view s) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                 static_cast<unsigned char>(s[i + 2]);
    for (int sh = 18; sh >= 0; sh -= 6) out += kB64[(v >> sh) & 63];
  }
  if (i < s.size()) {
    uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < s.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string from_base64(std::string_view s) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    size_t d = kB64.find(c);
    if (d == std::string_view::npos) continue;  // not in the alphabet: removed
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

Value fn_cyberchef(std::span<const Value> a, FunctionContext& ctx) {
  if (a[0].is_null()) return Value();
  args::Text text_arg(a[0], "_cyberchef");
  args::Text op_arg(a[1], "_cyberchef");
  args::Text arg_arg(a[2], "_cyberchef");
  std::string_view s = text_arg.view(), op = op_arg.view(), arg = arg_arg.view();
  if (op == "from punycode") return from_punycode(s, arg == "true");
  if (op == "from base64") return Value::string(from_base64(s));
  if (op == "to base64") return Value::string(to_base64(s));
  if (op == "url decode") {
    const FunctionInfo* f = find_function("urldecode");
    Value v = Value::string(s);
    return f->impl(std::span<const Value>(&v, 1), ctx);
  }
  throw EvalError("cyberchef operation '" + std::string(op) + "' is not supported");
}

const FunctionInfo kCyberchef[] = {
    {"_cyberchef", 3, 3, fn_cyberchef, true},
};

}  // namespace

std::span<const std::string_view> cyberchef_operations() {
  static const std::string_view kOps[] = {"from punycode", "from base64", "to base64",
                                          "url decode"};
  return kOps;
}

std::span<const FunctionInfo> families::cyberchef_functions() { return kCyberchef; }

}  // namespace rulejit::rt
