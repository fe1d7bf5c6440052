namespace Mci.Rules
{
    /// <summary>The languages MCI writes messages in; the values are Dataverse language ids (usersettings.uilanguageid).</summary>
    public enum UiLanguage
    {
        /// <summary>English (1033), also the fallback for every language MCI does not speak.</summary>
        English = 1033,
        /// <summary>Simplified Chinese (2052).</summary>
        SimplifiedChinese = 2052,
    }

    /// <summary>Maps a user's UI language id to the language of MCI's messages.</summary>
    public static class UiLanguages
    {
        /// <summary>2052 gives Simplified Chinese; 1033, any other id or none gives English.</summary>
        public static UiLanguage FromId(int? uiLanguageId)
            => uiLanguageId == (int)UiLanguage.SimplifiedChinese ? UiLanguage.SimplifiedChinese : UiLanguage.English;
    }
}
