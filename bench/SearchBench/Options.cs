using System.Globalization;

namespace SearchBench;

/// <summary>The command line: how many products, the generator's seed, and how many passes over each query list are measured.</summary>
internal sealed record Options(int Products, int Seed, int Rounds)
{
    public static Options Parse(string[] args)
    {
        var options = new Options(100_000, 17, 4);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--products" => options with { Products = value },
                "--seed" => options with { Seed = value },
                "--rounds" => options with { Rounds = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}: SearchBench [--products N] [--seed N] [--rounds N]"),
            };
        }

        return options;
    }
}
