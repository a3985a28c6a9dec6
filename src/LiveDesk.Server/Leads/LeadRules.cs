using LiveDesk.Contracts.Leads;

namespace LiveDesk.Server.Leads;

/// <summary>What a lead may hold. Checked at the edge; a bad value is a 400 naming the field, and nothing changes.</summary>
public static class LeadRules
{
    public const int MaxTitleLength = 200;
    public const int MaxSourceLength = 64;
    public const int MaxLostReasonLength = 500;
    public const string DefaultCurrency = "EUR";
    public const decimal MaxValue = 1_000_000_000_000m;

    /// <summary>ISO 4217 codes of the currencies in circulation (funds, metals and test codes left out, since no sale
    /// is priced in them).</summary>
    public static readonly IReadOnlySet<string> Currencies = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
        CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
        HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
        MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
        RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
        USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    public static Dictionary<string, string[]> Validate(string? title, decimal? value, string? currency, DateOnly? expectedCloseDate,
        string? source, bool titleRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if ((titleRequired || title is not null) && (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitleLength))
        {
            errors["title"] = [$"title must be 1 to {MaxTitleLength} characters."];
        }
        if (value is { } amount && (amount < 0 || amount > MaxValue || decimal.Round(amount, 2) != amount))
        {
            errors["value"] = [$"value must be between 0 and {MaxValue:N0}, with at most 2 decimals."];
        }
        if (currency is not null && !Currencies.Contains(currency))
        {
            errors["currency"] = [$"'{(currency.Length > 8 ? currency[..8] + "…" : currency)}' is not an ISO 4217 currency code such as EUR or USD."];
        }
        if (expectedCloseDate is { Year: < 2000 or > 2200 })
        {
            errors["expectedCloseDate"] = ["expectedCloseDate must be a date between 2000 and 2200."];
        }
        if (source is { Length: > MaxSourceLength })
        {
            errors["source"] = [$"source is at most {MaxSourceLength} characters."];
        }
        return errors;
    }

    /// <summary>A lost lead needs a reason, and only a lost lead has one.</summary>
    public static string? CheckLostReason(LeadStage stage, string? reason) => stage switch
    {
        LeadStage.Lost when string.IsNullOrWhiteSpace(reason) => "A lost lead needs a lostReason.",
        LeadStage.Lost when reason!.Trim().Length > MaxLostReasonLength => $"lostReason is at most {MaxLostReasonLength} characters.",
        not LeadStage.Lost when reason is not null => "lostReason is only for the stage lost.",
        _ => null,
    };
}
