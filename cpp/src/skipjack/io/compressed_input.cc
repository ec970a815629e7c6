#include "skipjack/io/compressed_input.h"

#include <arrow/filesystem/filesystem.h>
#include <arrow/io/compressed.h>
#include <arrow/util/compression.h>

namespace skipjack {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

arrow::Compression::type CompressionOf(const std::string& path) {
  if (EndsWith(path, ".gz") || EndsWith(path, ".gzip")) return arrow::Compression::GZIP;
  if (EndsWith(path, ".zst") || EndsWith(path, ".zstd")) return arrow::Compression::ZSTD;
  if (EndsWith(path, ".bz2")) return arrow::Compression::BZ2;
  if (EndsWith(path, ".lz4")) return arrow::Compression::LZ4_FRAME;
  return arrow::Compression::UNCOMPRESSED;
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::io::InputStream>> OpenMaybeCompressed(const ListedFile& file) {
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::io::InputStream> raw,
                        file.location.filesystem->OpenInputStream(file.location.path));
  const auto compression = CompressionOf(file.path);
  if (compression == arrow::Compression::UNCOMPRESSED) return raw;
  ARROW_ASSIGN_OR_RAISE(auto codec, arrow::util::Codec::Create(compression));
  ARROW_ASSIGN_OR_RAISE(auto stream, arrow::io::CompressedInputStream::Make(codec.get(), raw));
  // The stream borrows the codec: keep both alive together.
  return std::shared_ptr<arrow::io::InputStream>(
      stream.get(), [stream, codec = std::shared_ptr<arrow::util::Codec>(std::move(codec))](
                        arrow::io::InputStream*) mutable { stream.reset(); });
}

}  // namespace skipjack
