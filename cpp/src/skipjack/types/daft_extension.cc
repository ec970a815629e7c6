#include "skipjack/types/daft_extension.h"

#include <cctype>
#include <vector>

#include <arrow/array.h>
#include <arrow/type.h>

namespace skipjack {
namespace {

// Just enough JSON for the metadata: strings, numbers, null, arrays, objects.
struct Json {
  enum class Kind { kNull, kString, kNumber, kArray, kObject } kind = Kind::kNull;
  std::string text;  // string value or number literal
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& input) : s_(input) {}

  bool Parse(Json* out) {
    if (!Value(out)) return false;
    Skip();
    return pos_ == s_.size();
  }

 private:
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
      out->push_back(s_[pos_++]);
    }
    return Eat('"');
  }
  bool Value(Json* out) {
    Skip();
    if (pos_ >= s_.size()) return false;
    const char c = s_[pos_];
    if (c == '"') {
      out->kind = Json::Kind::kString;
      return String(&out->text);
    }
    if (c == '[') {
      ++pos_;
      out->kind = Json::Kind::kArray;
      if (Eat(']')) return true;
      do {
        out->items.emplace_back();
        if (!Value(&out->items.back())) return false;
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '{') {
      ++pos_;
      out->kind = Json::Kind::kObject;
      if (Eat('}')) return true;
      do {
        std::string key;
        Json value;
        if (!String(&key) || !Eat(':') || !Value(&value)) return false;
        out->members.emplace_back(std::move(key), std::move(value));
      } while (Eat(','));
      return Eat('}');
    }
    if (s_.compare(pos_, 4, "null") == 0) {
      pos_ += 4;
      out->kind = Json::Kind::kNull;
      return true;
    }
    out->kind = Json::Kind::kNumber;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '-' || s_[pos_] == '.' || s_[pos_] == '+')) {
      out->text.push_back(s_[pos_++]);
    }
    return !out->text.empty();
  }

  const std::string& s_;
  size_t pos_ = 0;
};

// Daft's serde names of primitive types, as displayed.
std::string PrimitiveName(const std::string& serde) {
  if (serde == "Utf8") return "String";
  if (serde == "Boolean") return "Bool";
  return serde;
}

std::string TypeName(const Json& type);

std::string Joined(const std::vector<Json>& items, size_t from, const char* separator) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += separator;
    out += items[i].kind == Json::Kind::kArray ? "[" + Joined(items[i].items, 0, ", ") + "]"
                                               : items[i].text;
  }
  return out;
}

std::string TypeName(const Json& type) {
  if (type.kind == Json::Kind::kString) return PrimitiveName(type.text);
  if (type.kind != Json::Kind::kObject || type.members.size() != 1) return "";
  const auto& [variant, value] = type.members[0];
  if (variant == "Tensor" || variant == "SparseTensor" || variant == "List") {
    return variant + "[" + TypeName(value) + "]";
  }
  if (variant == "File" && value.kind == Json::Kind::kString) return "File[" + value.text + "]";
  if (variant == "Image") {
    return value.kind == Json::Kind::kNull ? "Image[MIXED]" : "Image[" + value.text + "]";
  }
  if (value.kind != Json::Kind::kArray || value.items.empty()) return "";
  if (variant == "FixedShapeImage" && value.items.size() == 3) {
    return "Image[" + value.items[0].text + "; " + value.items[1].text + " x " +
           value.items[2].text + "]";
  }
  if (variant == "Embedding" || variant == "FixedShapeTensor" ||
      variant == "FixedShapeSparseTensor" || variant == "FixedSizeList") {
    const std::string name = variant == "FixedShapeTensor" ? "Tensor"
                             : variant == "FixedShapeSparseTensor" ? "SparseTensor"
                             : variant == "FixedSizeList" ? "List"
                                                          : variant;
    return name + "[" + TypeName(value.items[0]) + "; " + Joined(value.items, 1, ", ") + "]";
  }
  return "";
}

}  // namespace

std::string DaftLogicalTypeName(const std::string& metadata) {
  Json root;
  if (!JsonParser(metadata).Parse(&root) || root.kind != Json::Kind::kObject) return "";
  for (const auto& [key, value] : root.members) {
    if (key == "datatype") return TypeName(value);
  }
  return "";
}

DaftExtensionType::DaftExtensionType(std::shared_ptr<arrow::DataType> storage,
                                     std::string metadata)
    : arrow::ExtensionType(std::move(storage)),
      metadata_(std::move(metadata)),
      display_name_(DaftLogicalTypeName(metadata_)) {
  if (display_name_.empty()) display_name_ = "Extension[" + std::string(kName) + "]";
}

bool DaftExtensionType::ExtensionEquals(const arrow::ExtensionType& other) const {
  // The logical type decides; version fields in the metadata do not.
  return other.extension_name() == extension_name() &&
         static_cast<const DaftExtensionType&>(other).display_name_ == display_name_ &&
         other.storage_type()->Equals(*storage_type());
}

std::shared_ptr<arrow::Array> DaftExtensionType::MakeArray(
    std::shared_ptr<arrow::ArrayData> data) const {
  return std::make_shared<arrow::ExtensionArray>(std::move(data));
}

arrow::Result<std::shared_ptr<arrow::DataType>> DaftExtensionType::Deserialize(
    std::shared_ptr<arrow::DataType> storage, const std::string& serialized) const {
  return std::make_shared<DaftExtensionType>(std::move(storage), serialized);
}

std::string DaftExtensionType::ToString(bool) const {
  return "extension<" + std::string(kName) + "<" + display_name_ + ">>";
}

arrow::Status RegisterDaftExtensionType() {
  if (arrow::GetExtensionType(DaftExtensionType::kName)) return arrow::Status::OK();
  return arrow::RegisterExtensionType(
      std::make_shared<DaftExtensionType>(arrow::large_binary(), R"({"datatype":"Python"})"));
}

}  // namespace skipjack
