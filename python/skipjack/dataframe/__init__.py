from skipjack.dataframe.dataframe import DataFrame

__all__ = ["DataFrame"]
