import PromQL
