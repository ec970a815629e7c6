from skipjack.expressions.expressions import Expression, WhenExpr, col, lit, when

__all__ = ["Expression", "WhenExpr", "col", "lit", "when"]
