// File: daft_extension.h
//
// Daft's logical types that Arrow has no type for (Tensor, Embedding, Image, Python
// objects) live in one Arrow extension type, as in Daft: name "daft.super_extension",
// storage = the physical layout, metadata = a JSON object whose "datatype" member is the
// logical type in Daft's serde form, e.g.
//
//   {"datatype":{"Tensor":"Float32"}}            struct<data: large_list<float>, shape: large_list<uint64>>
//   {"datatype":{"Embedding":["Float32",512]}}   fixed_size_list<float>[512]
//   {"datatype":"Python"}                        large_binary (pickled objects)
//
// Columns written by Daft read back as the same types, and ours read in Daft. Fixed-shape
// tensors use Arrow's canonical arrow.fixed_shape_tensor instead (as Daft does).

#pragma once

#include <memory>
#include <string>

#include <arrow/extension_type.h>

namespace skipjack {

class DaftExtensionType final : public arrow::ExtensionType {
 public:
  static constexpr const char* kName = "daft.super_extension";

  /// `metadata` is the serialized form: {"datatype": ..., ...}.
  DaftExtensionType(std::shared_ptr<arrow::DataType> storage, std::string metadata);

  std::string extension_name() const override { return kName; }
  bool ExtensionEquals(const arrow::ExtensionType& other) const override;
  std::shared_ptr<arrow::Array> MakeArray(std::shared_ptr<arrow::ArrayData> data) const override;
  arrow::Result<std::shared_ptr<arrow::DataType>> Deserialize(
      std::shared_ptr<arrow::DataType> storage, const std::string& serialized) const override;
  std::string Serialize() const override { return metadata_; }
  std::string ToString(bool show_metadata) const override;

  /// The logical type as Daft displays it: "Tensor[Float32]", "Python", ...
  const std::string& display_name() const { return display_name_; }

 private:
  std::string metadata_;
  std::string display_name_;
};

/// Registers DaftExtensionType with Arrow (once); done by InitializeEngine().
arrow::Status RegisterDaftExtensionType();

/// Daft's display name for the logical type in `metadata` ("Tensor[Float32]"), or an
/// empty string when the metadata is not understood.
std::string DaftLogicalTypeName(const std::string& metadata);

}  // namespace skipjack
