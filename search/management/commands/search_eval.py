from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.evaluation import JudgedSetError, evaluate, load_judged_set


def line(metrics):
    return " ".join(f"{name}={value:.3f}" for name, value in metrics.items())


class Command(BaseCommand):
    help = (
        "Evaluate search quality on a judged set (JSON: docs and queries with relevant ids) with the "
        "configured backend, in a throwaway transaction. Prints per-query results and macro P, R, F1, MAP and nDCG@10."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            data = load_judged_set(file)
        except JudgedSetError as exc:
            raise CommandError(str(exc)) from exc
        report = evaluate(data)
        for result in report.results:
            misses = sorted(set(result.relevant) - set(result.retrieved))
            extra = [key for key in result.retrieved if key not in result.relevant]
            self.stdout.write(
                f"[{result.locale}] {result.q!r}: P={result.precision:.2f} R={result.recall:.2f} "
                f"AP={result.average_precision:.2f} nDCG@10={result.ndcg:.2f} retrieved={result.retrieved}"
                + (f" missed={misses}" if misses else "")
                + (f" extra={extra}" if extra else "")
            )
        self.stdout.write(f"Chinese queries ({len(report.chinese)}): {line(report.macro(report.chinese))}")
        self.stdout.write(f"Other queries ({len(report.english)}): {line(report.macro(report.english))}")
        m = report.macro()
        self.stdout.write(
            f"search_eval: P={m['P']:.3f} R={m['R']:.3f} F1={m['F1']:.3f} MAP={m['MAP']:.3f} nDCG@10={m['nDCG@10']:.3f}"
        )
