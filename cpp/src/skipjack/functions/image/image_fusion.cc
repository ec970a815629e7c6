#include "skipjack/functions/image/image_fusion.h"

namespace skipjack {

ExprPtr FuseImageCalls(const ExprPtr& expr) {
  auto children = expr->children();
  bool changed = false;
  for (auto& child : children) {
    auto fused = FuseImageCalls(child);
    changed = changed || fused != child;
    child = std::move(fused);
  }
  ExprPtr rebuilt = changed ? expr->WithChildren(children) : expr;
  if (rebuilt->kind() != ExprKind::kCall) return rebuilt;
  const auto& call = static_cast<const CallExpr&>(*rebuilt);
  if (call.function() != "resize" || call.args().size() != 3 ||
      call.args()[0]->kind() != ExprKind::kCall) {
    return rebuilt;
  }
  const auto& decode = static_cast<const CallExpr&>(*call.args()[0]);
  if (decode.function() != "decode_image" || decode.args().size() != 1) return rebuilt;
  return Call("decode_and_resize", {decode.args()[0], call.args()[1], call.args()[2]},
              decode.options());
}

}  // namespace skipjack
