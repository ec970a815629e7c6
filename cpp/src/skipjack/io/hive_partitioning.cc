#include "skipjack/io/hive_partitioning.h"

#include <cctype>
#include <map>
#include <optional>

#include <arrow/scalar.h>
#include <arrow/type.h>

namespace skipjack {
namespace {

std::string UrlDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
        std::isxdigit(text[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// key=value pairs of the directories between root and the file name.
std::vector<std::pair<std::string, std::optional<std::string>>> ParsePairs(const ListedFile& file) {
  std::string relative = file.location.path;
  if (relative.compare(0, file.root.size(), file.root) == 0) relative = relative.substr(file.root.size());
  std::vector<std::pair<std::string, std::optional<std::string>>> pairs;
  size_t start = 0;
  while (true) {
    const size_t end = relative.find('/', start);
    if (end == std::string::npos) break;  // the last segment is the file name
    const std::string segment = relative.substr(start, end - start);
    const size_t eq = segment.find('=');
    if (eq != std::string::npos && eq > 0) {
      const std::string value = UrlDecode(segment.substr(eq + 1));
      pairs.emplace_back(UrlDecode(segment.substr(0, eq)),
                         value == kHiveNullValue ? std::nullopt : std::optional<std::string>(value));
    }
    start = end + 1;
  }
  return pairs;
}

bool AllMatch(const std::vector<const std::string*>& values, bool (*test)(const std::string&)) {
  for (const auto* value : values) {
    if (!test(*value)) return false;
  }
  return true;
}

bool IsInteger(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size() || s.size() - i > 18) return false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool IsNumber(const std::string& s) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

bool IsBool(const std::string& s) { return s == "true" || s == "false"; }

bool IsDate(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && IsInteger(s.substr(0, 4)) &&
         IsInteger(s.substr(5, 2)) && IsInteger(s.substr(8, 2));
}

std::shared_ptr<arrow::DataType> InferType(const std::vector<const std::string*>& values) {
  if (values.empty()) return arrow::large_utf8();
  for (const auto* value : values) {
    if (value->empty()) return arrow::large_utf8();
  }
  if (AllMatch(values, IsInteger)) return arrow::int64();
  if (AllMatch(values, IsNumber)) return arrow::float64();
  if (AllMatch(values, IsBool)) return arrow::boolean();
  if (AllMatch(values, IsDate)) return arrow::date32();
  return arrow::large_utf8();
}

}  // namespace

arrow::Result<HivePartitions> InferHivePartitions(const std::vector<ListedFile>& files) {
  HivePartitions out;
  std::vector<std::string> names;
  std::map<std::string, size_t> index;
  std::vector<std::vector<std::optional<std::string>>> raw(files.size());
  for (size_t f = 0; f < files.size(); ++f) {
    for (auto& [key, value] : ParsePairs(files[f])) {
      if (!index.count(key)) {
        index[key] = names.size();
        names.push_back(key);
      }
      raw[f].resize(names.size());
      raw[f][index[key]] = std::move(value);
    }
  }
  for (size_t c = 0; c < names.size(); ++c) {
    std::vector<const std::string*> values;
    for (const auto& row : raw) {
      if (c < row.size() && row[c]) values.push_back(&*row[c]);
    }
    out.fields.push_back(arrow::field(names[c], InferType(values)));
  }
  for (auto& row : raw) {
    std::vector<std::shared_ptr<arrow::Scalar>> scalars;
    for (size_t c = 0; c < names.size(); ++c) {
      const auto& type = out.fields[c]->type();
      if (c >= row.size() || !row[c]) {
        scalars.push_back(arrow::MakeNullScalar(type));
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(auto scalar, arrow::Scalar::Parse(type, *row[c]));
      scalars.push_back(std::move(scalar));
    }
    out.values.push_back(std::move(scalars));
  }
  return out;
}

std::string EscapeHiveValue(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ' ') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace skipjack
