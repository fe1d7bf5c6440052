# Pester 5 tests of pac-deploy.ps1. Each test runs the script in a fresh runspace (a few, marked -OutOfProcess, in a
# new PowerShell process, as a pipeline does) inside a throw-away fixture folder, with fake `pac` and `dotnet` (fakes/) that record every call; the fake `dotnet run --project Cli`
# stands for mci and serves fixture/check.json. Run: Tests/Deploy/Invoke-DeployTests.ps1

BeforeAll {
    . (Join-Path $PSScriptRoot 'DeployFixture.ps1')
    $url = $script:EnvironmentUrl
    $managedZip = '<root>/artifacts/deploy/MciDataverse_1_2_0_0_managed.zip'
    $unmanagedZip = '<root>/artifacts/deploy/MciDataverse_1_2_0_0.zip'
    # Solution/src plus the built assemblies, through a copy of Solution/map.xml with absolute paths.
    $packMap = '<root>/artifacts/deploy/pack.map.xml'
    $managedPack = "pac solution pack --zipfile $managedZip --folder <root>/Solution/src --packagetype Managed --map $packMap --useUnmanagedFileForMissingManaged"
    $unmanagedPack = "pac solution pack --zipfile $unmanagedZip --folder <root>/Solution/src --packagetype Unmanaged --map $packMap"
    $importFlags = "--environment $url --async --max-async-wait-time 60 --activate-plugins --publish-changes"
    # mci reads Solution/src for the script (name, version, variables, connection references, issues).
    $mciCheck = 'dotnet run --project <root>/Cli/Cli.csproj -c Release -- check <root>/Solution/src --json <json>'
    $mciCheckNoBuild = 'dotnet run --project <root>/Cli/Cli.csproj -c Release --no-build -- check <root>/Solution/src --json <json>'
    $authCreate = "pac auth create --name <profile> --environment $url --tenant $($script:Tenant) --applicationId $($script:AppId) --clientSecret $($script:Secret)"
}

Describe 'Managed deployment with a service principal' {
    BeforeEach { $fx = New-DeployFixture }

    It 'builds, packs, signs in, imports and confirms, in this exact order, then deletes the temporary profile' {
        $r = Invoke-Deploy $fx ((Get-ServicePrincipalArguments) + @('-SettingsFile', $fx.Settings)) -OutOfProcess
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Be @(
            $mciCheck
            'pac help'
            'dotnet build <root>/MciDataverse.sln -c Release'
            $managedPack
            $authCreate
            "pac solution list --environment $url"
            "pac solution import --path $managedZip $importFlags --settings-file <root>/test.settings.json"
            "pac solution list --environment $url"
            'pac auth delete --name <profile>'
        )
        $r.Output | Should -Match 'Power Platform CLI 1\.46\.2\+g1234567'
        $r.Output | Should -Match 'Imported MciDataverse 1\.2\.0\.0 \(managed\) into https://contoso\.crm4\.dynamics\.com \(new install\)'
    }

    It 'hands pac the assemblies Solution/map.xml maps in, by absolute path' {
        $r = Invoke-Deploy $fx ((Get-ServicePrincipalArguments) + '-SkipBuild')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain $managedPack
        $map = [xml] (Get-Content -Raw (Join-Path $fx.Root 'artifacts' 'deploy' 'pack.map.xml'))
        @($map.Mapping.ChildNodes | Where-Object NodeType -EQ Element | ForEach-Object { "$($_.LocalName) $($_.map) -> $($_.to)" }) | Should -Be @(
            "FileToFile MciDataverse.Plugins.dll -> $($fx.PluginsDll)"
            "FileToFile MciDataverse.Workflows.dll -> $($fx.WorkflowsDll)"
        )
    }

    It 'never prints the client secret, though pac receives it' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments)
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain $authCreate
        $r.Output | Should -Not -Match ([regex]::Escape($script:Secret))
        $r.Output | Should -Match '--clientSecret \*\*\*'
    }

    It 'upgrades an older managed version with --stage-and-upgrade' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ FAKE_PAC_INSTALLED = 'MciDataverse 1.1.0.0 True' }
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain "pac solution import --path $managedZip $importFlags --stage-and-upgrade"
        $r.Output | Should -Match 'upgrading from 1\.1\.0\.0 \(stage and upgrade\)'
    }

    It 're-imports the same managed version as an update, without stage-and-upgrade' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ FAKE_PAC_INSTALLED = 'MciDataverse 1.2.0.0 True' }
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain "pac solution import --path $managedZip $importFlags"
        $r.Output | Should -Match 'updating in place'
    }

    It 'refuses to downgrade a newer managed version, and still deletes the profile' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ FAKE_PAC_INSTALLED = 'MciDataverse 2.0.0.0 True' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'already has MciDataverse 2\.0\.0\.0, newer than 1\.2\.0\.0'
        ($r.Calls -join "`n") | Should -Not -Match 'solution import'
        $r.Calls[-1] | Should -Be 'pac auth delete --name <profile>'
    }

    It 'refuses a managed import over an unmanaged installation' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ FAKE_PAC_INSTALLED = 'MciDataverse 1.0.0.0 False' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'installed unmanaged'
        ($r.Calls -join "`n") | Should -Not -Match 'solution import'
    }

    It 'fails when the environment does not show the imported version afterwards' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ FAKE_PAC_AFTER_VERSION = '1.1.0.0' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'pac reported success, but https://contoso\.crm4\.dynamics\.com shows MciDataverse 1\.1\.0\.0 instead of 1\.2\.0\.0'
    }
}

Describe 'Unmanaged deployment with an auth profile' {
    BeforeEach { $fx = New-DeployFixture }

    It 'selects the profile, packs unmanaged and imports without stage-and-upgrade, in this exact order' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-Unmanaged', '-SettingsFile', $fx.Settings))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Be @(
            $mciCheck
            'pac help'
            'dotnet build <root>/MciDataverse.sln -c Release'
            $unmanagedPack
            'pac auth select --name contoso-dev'
            "pac solution list --environment $url"
            "pac solution import --path $unmanagedZip $importFlags --settings-file <root>/test.settings.json"
            "pac solution list --environment $url"
        )
        $r.Output | Should -Match 'Imported MciDataverse 1\.2\.0\.0 \(unmanaged\)'
    }

    It 'updates an older unmanaged installation in place' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-Unmanaged') -Environment @{ FAKE_PAC_INSTALLED = 'MciDataverse 1.0.0.0 False' }
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain "pac solution import --path $unmanagedZip $importFlags"
    }

    It 'refuses an unmanaged import over a managed installation' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-Unmanaged') -Environment @{ FAKE_PAC_INSTALLED = 'MciDataverse 1.0.0.0 True' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'installed managed .* Deploy with -Managed'
        ($r.Calls -join "`n") | Should -Not -Match 'solution import'
    }
}

Describe 'Options' {
    BeforeEach { $fx = New-DeployFixture }

    It '-SkipBuild runs no build, and runs mci without building it' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-SkipBuild')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ($r.Others -join "`n") | Should -Not -Match '(?m)^dotnet'
        $r.Calls[0] | Should -Be $mciCheckNoBuild
    }

    It '-UseBuildZip imports the zip the build wrote and packs nothing' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-UseBuildZip')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ($r.Calls -join "`n") | Should -Not -Match 'solution pack'
        $r.Calls | Should -Contain "pac solution import --path <root>/Solution/bin/Release/MciDataverse_1_2_0_0_managed.zip $importFlags"
    }

    It '-TimeoutMinutes is passed to pac in whole minutes' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-TimeoutMinutes', '90.5'))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain "pac solution import --path $managedZip $($importFlags.Replace('--max-async-wait-time 60', '--max-async-wait-time 91'))"
    }

    It 'accepts a trailing slash on the environment URL and passes the bare URL to pac' {
        $r = Invoke-Deploy $fx @('-Environment', "$url/", '-AuthProfile', 'contoso-dev', '-SkipBuild')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain "pac solution list --environment $url"
    }
}

Describe 'Bad input stops before any tool runs (exit code 2)' {
    BeforeEach { $fx = New-DeployFixture }

    It 'rejects environment <Url>' -TestCases @(
        @{ Url = 'contoso.crm4.dynamics.com' }
        @{ Url = 'http://contoso.crm4.dynamics.com' }
        @{ Url = 'https://contoso.crm4.dynamics.com/main.aspx?appid=1' }
        @{ Url = 'https://contoso.crm4.dynamics.com/api/data/v9.2' }
        @{ Url = 'https://user:pw@contoso.crm4.dynamics.com' }
        @{ Url = 'https://localhost' }
        @{ Url = '11111111-2222-3333-4444-555555555555' }
        @{ Url = 'https://contoso.crm4.dynamics.com;rm -rf ~' }
        @{ Url = 'https://contoso crm4.dynamics.com' }
    ) {
        $r = Invoke-Deploy $fx @('-Environment', $Url, '-AuthProfile', 'contoso-dev')
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match "-Environment '$([regex]::Escape($Url))' is not a Dataverse environment URL"
        $r.Calls | Should -BeNullOrEmpty
    }

    It 'requires -Environment' {
        $r = Invoke-Deploy $fx @('-AuthProfile', 'contoso-dev') -OutOfProcess
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match '-Environment is required'
        $r.Calls | Should -BeNullOrEmpty
    }

    It 'rejects a settings file that does not exist' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', 'nowhere.json'))
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match "Settings file 'nowhere\.json' not found"
        $r.Others | Should -BeNullOrEmpty
    }

    It 'rejects a settings file with <Problem>' -TestCases @(
        @{ Problem = 'nothing in it'; Json = ''; Expected = 'is not valid JSON: The input does not contain any JSON tokens' }
        @{ Problem = 'broken JSON'; Json = '{ "EnvironmentVariables": [ { "SchemaName": "mci_EscalationLeadDays", "Value": "5" }, ] '; Expected = 'is not valid JSON' }
        @{ Problem = 'an array at the top'; Json = '[]'; Expected = 'must hold a JSON object' }
        @{ Problem = 'no EnvironmentVariables'; Json = '{ "ConnectionReferences": [] }'; Expected = "has no 'EnvironmentVariables' array" }
        @{ Problem = 'a misspelt section'; Json = '{ "EnvironmentVariable": [] }'; Expected = "unknown property 'EnvironmentVariable'" }
        @{ Problem = 'EnvironmentVariables not an array'; Json = '{ "EnvironmentVariables": {} }'; Expected = "'EnvironmentVariables' must be an array" }
        @{ Problem = 'an entry without SchemaName'; Json = '{ "EnvironmentVariables": [ { "Value": "5" } ] }'; Expected = "entry 1 needs a non-empty string 'SchemaName'" }
        @{ Problem = 'a number instead of a string'; Json = '{ "EnvironmentVariables": [ { "SchemaName": "mci_EscalationLeadDays", "Value": 5 } ] }'; Expected = "'mci_EscalationLeadDays' needs a string 'Value'" }
        @{ Problem = 'a variable twice'; Json = '{ "EnvironmentVariables": [ { "SchemaName": "mci_EscalationLeadDays", "Value": "5" }, { "SchemaName": "mci_EscalationLeadDays", "Value": "6" } ] }'; Expected = "names environment variable 'mci_EscalationLeadDays' twice" }
        @{ Problem = 'a non-number for a number variable'; Json = '{ "EnvironmentVariables": [ { "SchemaName": "mci_DefaultMinimumPartnerMargin", "Value": "ten" } ] }'; Expected = "number variable 'mci_DefaultMinimumPartnerMargin' the value 'ten', which is not a number" }
        @{ Problem = 'a connection reference the solution lacks'; Json = '{ "EnvironmentVariables": [], "ConnectionReferences": [ { "LogicalName": "mci_sharedoffice365", "ConnectionId": "", "ConnectorId": "/providers/Microsoft.PowerApps/apis/shared_office365" } ] }'; Expected = "connection reference 'mci_sharedoffice365' which the MciDataverse solution does not define\. Defined: mci_DataverseConnection\." }
        @{ Problem = 'a connection reference twice'; Json = '{ "EnvironmentVariables": [], "ConnectionReferences": [ { "LogicalName": "mci_DataverseConnection", "ConnectionId": "a" }, { "LogicalName": "mci_DataverseConnection", "ConnectionId": "b" } ] }'; Expected = "names connection reference 'mci_DataverseConnection' twice" }
        @{ Problem = 'a connection reference without LogicalName'; Json = '{ "EnvironmentVariables": [], "ConnectionReferences": [ { "ConnectionId": "a" } ] }'; Expected = "ConnectionReferences entry 1 needs a non-empty string 'LogicalName'" }
        @{ Problem = 'a ConnectionId that is no string'; Json = '{ "EnvironmentVariables": [], "ConnectionReferences": [ { "LogicalName": "mci_DataverseConnection", "ConnectionId": 42 } ] }'; Expected = "connection reference 'mci_DataverseConnection' needs 'ConnectionId' as a string" }
        @{ Problem = 'another connector'; Json = '{ "EnvironmentVariables": [], "ConnectionReferences": [ { "LogicalName": "mci_DataverseConnection", "ConnectionId": "a", "ConnectorId": "/providers/Microsoft.PowerApps/apis/shared_office365" } ] }'; Expected = "gives connection reference 'mci_DataverseConnection' the ConnectorId '/providers/Microsoft.PowerApps/apis/shared_office365', but the solution's reference uses '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps'" }
    ) {
        $path = Join-Path $fx.Root 'bad.settings.json'
        Set-Content -LiteralPath $path $Json
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $path))
        $r.ExitCode | Should -Be 2 -Because $r.Output
        $r.Output | Should -Match $Expected
        $r.Others | Should -BeNullOrEmpty
    }

    It 'rejects a settings file naming a variable the solution does not define, and lists the defined ones' {
        $path = New-SettingsFile (Join-Path $fx.Root 'unknown.settings.json') ([ordered] @{ mci_EscalationLeadDays = '5'; mci_Foo = 'x' })
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $path))
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match "names environment variable 'mci_Foo' which the MciDataverse solution does not define\. Defined: mci_DefaultMinimumPartnerMargin, mci_EscalationLeadDays, mci_SalesExecutiveEmail\."
        $r.Others | Should -BeNullOrEmpty
    }

    It 'points out a schema name spelt in the wrong case' {
        $path = New-SettingsFile (Join-Path $fx.Root 'case.settings.json') @{ mci_salesexecutiveemail = 'exec@contoso.com' }
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $path))
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match "Did you mean 'mci_SalesExecutiveEmail'\?"
    }

    It 'warns about an empty value but deploys' {
        $path = New-SettingsFile (Join-Path $fx.Root 'empty.settings.json') @{ mci_SalesExecutiveEmail = '' }
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $path))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match "gives 'mci_SalesExecutiveEmail' an empty Value"
    }

    It 'rejects a missing client secret (<Case>)' -TestCases @(
        @{ Case = 'variable not set'; Value = $null }
        @{ Case = 'variable empty'; Value = '' }
        @{ Case = 'only spaces'; Value = '   ' }
    ) {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ MCI_DEPLOY_CLIENT_SECRET = $Value }
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match "environment variable 'MCI_DEPLOY_CLIENT_SECRET' is not set or empty"
        $r.Calls | Should -BeNullOrEmpty
    }

    It 'reads the secret from the variable -ClientSecretVariable names' {
        $r = Invoke-Deploy $fx ((Get-ServicePrincipalArguments) + @('-ClientSecretVariable', 'PROD_SPN_SECRET', '-SkipBuild')) -Environment @{ MCI_DEPLOY_CLIENT_SECRET = $null; PROD_SPN_SECRET = 'other~secret' }
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain $authCreate.Replace($script:Secret, 'other~secret')
        $r.Output | Should -Not -Match 'other~secret'
    }

    It 'does not echo a secret pasted into -ClientSecretVariable' {
        $r = Invoke-Deploy $fx ((Get-ServicePrincipalArguments) + @('-ClientSecretVariable', 'abc8Q~pasted.secret'))
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'must be the NAME of an environment variable'
        $r.Output | Should -Not -Match 'pasted'
        $r.Calls | Should -BeNullOrEmpty
    }

    It 'rejects <Case>' -TestCases @(
        @{ Case = 'both -Managed and -Unmanaged'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-AuthProfile', 'dev', '-Managed', '-Unmanaged'); Expected = 'Choose -Managed or -Unmanaged, not both' }
        @{ Case = 'no way to sign in'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com'); Expected = 'Say how to sign in' }
        @{ Case = 'a profile and a service principal'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-AuthProfile', 'dev', '-TenantId', 'contoso.onmicrosoft.com'); Expected = 'either -AuthProfile or a service principal' }
        @{ Case = 'a tenant without application'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-TenantId', 'contoso.onmicrosoft.com'); Expected = 'needs -TenantId and -ApplicationId; -ApplicationId missing' }
        @{ Case = 'an application without tenant'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-ApplicationId', '11111111-2222-3333-4444-555555555555'); Expected = 'needs -TenantId and -ApplicationId; -TenantId missing' }
        @{ Case = 'an application ID that is no GUID'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-TenantId', 'contoso.onmicrosoft.com', '-ApplicationId', 'my-app'); Expected = "-ApplicationId 'my-app' is not a GUID" }
        @{ Case = 'a tenant that is neither GUID nor domain'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-TenantId', 'contoso', '-ApplicationId', '11111111-2222-3333-4444-555555555555'); Expected = "-TenantId 'contoso' is neither a GUID nor a domain" }
        @{ Case = 'a profile name longer than pac allows'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-AuthProfile', ('p' * 31)); Expected = 'longer than the 30 characters' }
        @{ Case = 'a zero timeout'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-AuthProfile', 'dev', '-TimeoutMinutes', '0'); Expected = "-TimeoutMinutes '0' is not a number of minutes from 0.05 to 1440" }
        @{ Case = 'a timeout that is no number'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-AuthProfile', 'dev', '-TimeoutMinutes', 'an hour'); Expected = "-TimeoutMinutes 'an hour' is not a number" }
        @{ Case = 'only a secret variable'; Arguments = @('-Environment', 'https://contoso.crm4.dynamics.com', '-ClientSecretVariable', 'SPN_SECRET'); Expected = 'needs -TenantId and -ApplicationId; -TenantId and -ApplicationId missing' }
    ) {
        $r = Invoke-Deploy $fx $Arguments
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match ([regex]::Escape($Expected))
        $r.Calls | Should -BeNullOrEmpty
    }

    It 'rejects a missing build zip with -SkipBuild -UseBuildZip' {
        Remove-Item (Join-Path $fx.Root 'Solution' 'bin' 'Release' 'MciDataverse_1_2_0_0_managed.zip')
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SkipBuild', '-UseBuildZip'))
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'The solution zip .*MciDataverse_1_2_0_0_managed\.zip is missing'
        $r.Others | Should -BeNullOrEmpty
    }

    It 'rejects a zip missing after the build, before signing in' {
        Remove-Item (Join-Path $fx.Root 'Solution' 'bin' 'Release' 'MciDataverse_1_2_0_0_managed.zip')
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-UseBuildZip')
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'is missing after the build'
        $r.Calls | Should -Be @($mciCheck, 'pac help', 'dotnet build <root>/MciDataverse.sln -c Release')
    }

    It 'refuses to pack with -SkipBuild when mapped assemblies are not built, naming each and the build command' {
        Remove-Item $fx.PluginsDll, $fx.WorkflowsDll
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-SkipBuild')
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'Solution/map\.xml maps 2 plug-in assemblies that are missing: MciDataverse\.Plugins\.dll \(\S+/Plugins/bin/Release/net462/MciDataverse\.Plugins\.dll\), MciDataverse\.Workflows\.dll \(\S+/Workflows/bin/Release/net462/MciDataverse\.Workflows\.dll\)'
        $r.Output | Should -Match 'build first with `dotnet build MciDataverse\.sln -c Release`, or run without -SkipBuild'
        $r.Others | Should -BeNullOrEmpty
        Test-Path (Join-Path $fx.Root 'artifacts') | Should -BeFalse
    }

    It 'refuses to pack when the build did not write a mapped assembly, before signing in' {
        Remove-Item $fx.WorkflowsDll
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments)
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'maps a plug-in assembly that is missing after the build: MciDataverse\.Workflows\.dll \(\S+/Workflows/bin/Release/net462/MciDataverse\.Workflows\.dll\)\. Nothing was packed'
        $r.Output | Should -Not -Match 'MciDataverse\.Plugins\.dll \('
        $r.Calls | Should -Be @($mciCheck, 'pac help', 'dotnet build <root>/MciDataverse.sln -c Release')
    }

    It 'rejects Solution/map.xml <Problem>' -TestCases @(
        @{ Problem = 'missing'; Content = $null; Expected = 'map\.xml not found: it maps the built plug-in assemblies' }
        @{ Problem = 'that is empty'; Content = ''; Expected = 'the root element of a mapping file is <Mapping>' }
        @{ Problem = 'that is not XML'; Content = '<Mapping><FileToFile'; Expected = 'map\.xml is not valid XML' }
        @{ Problem = 'with another root element'; Content = '<Map />'; Expected = 'the root element of a mapping file is <Mapping>' }
        @{ Problem = 'with a folder mapping'; Content = '<Mapping><Folder map="WebResources" to="../web" /></Mapping>'; Expected = '<Folder> mappings are not supported' }
        @{ Problem = 'with an entry without "to"'; Content = '<Mapping><FileToFile map="MciDataverse.Plugins.dll" /></Mapping>'; Expected = '<FileToFile> needs both map and to attributes' }
    ) {
        $path = Join-Path $fx.Root 'Solution' 'map.xml'
        if ($null -eq $Content) { Remove-Item $path } else { Set-Content $path $Content }
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments)
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match $Expected
        $r.Others | Should -BeNullOrEmpty
    }

    It 'needs neither Solution/map.xml nor built assemblies with -UseBuildZip' {
        Remove-Item (Join-Path $fx.Root 'Solution' 'map.xml'), $fx.PluginsDll
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SkipBuild', '-UseBuildZip'))
        $r.ExitCode | Should -Be 0 -Because $r.Output
    }

    It 'stops with mci''s reason when mci cannot read Solution/src' {
        $report = Get-Content -Raw $fx.Json | ConvertFrom-Json -AsHashtable
        $report.exitCode = 2; $report.solution = $null; $report.issues = $null
        $report.error = "<root>/Solution/src/Other/Solution.xml: '<' is an unexpected token. Line 1, position 27."
        Set-Content $fx.Json ($report | ConvertTo-Json -Depth 10)
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments)
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'mci cannot read the unpacked solution: <root>/Solution/src/Other/Solution\.xml: ''<'' is an unexpected token'
        $r.Calls | Should -Be @($mciCheck)
    }

    It 'refuses, before packing, a step whose SdkMessageId is not a published message id, naming the step and the id' {
        # What mci check writes for a broken copy of Solution/src (Tests/Cli.Tests/CheckFolderTests.cs makes one and checks it).
        $report = Get-Content -Raw $fx.Json | ConvertFrom-Json -AsHashtable
        $report.exitCode = 1; $report.canImport = $false
        $report.issues = @(@{ where = "step 'Mci.Plugins.WinGatePlugin: Win of opportunity'"; message = 'names SdkMessageId 0a0a0a0a-0000-4000-8000-000000000001, which is not a message with a published id (Assign, Create, ...): the import would fail or bind it to another message.' })
        Set-Content $fx.Json ($report | ConvertTo-Json -Depth 10)
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments)
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'mci check found 1 problem\(s\) in Solution/src that an import would refuse; nothing was packed: step ''Mci\.Plugins\.WinGatePlugin: Win of opportunity'': names SdkMessageId 0a0a0a0a-0000-4000-8000-000000000001, which is not a message with a published id'
        $r.Calls | Should -Be @($mciCheck)
        Test-Path (Join-Path $fx.Root 'artifacts') | Should -BeFalse
    }

    It 'rejects a checkout without Solution/src' {
        $fx = New-DeployFixture -WithoutSolution
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments)
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'Solution\.xml not found'
        $r.Calls | Should -BeNullOrEmpty
    }
}

Describe 'Failures of pac and the build (exit code 1, with the tool''s message)' {
    BeforeEach { $fx = New-DeployFixture }

    It 'stops when pac is not on PATH, before building' {
        $fx = New-DeployFixture -WithoutPac
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments)
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'The Power Platform CLI \(pac\) is not on PATH'
        $r.Others | Should -BeNullOrEmpty
    }

    It 'stops with a clear message when mci cannot run (its build fails), before pac runs' {
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments) -Environment @{ FAKE_MCI_FAIL = '1' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'mci \(dotnet run --project Cli\) could not read Solution/src \(dotnet exit code 1\); nothing was deployed\..*error CS1002'
        $r.Calls | Should -Be @($mciCheck)
    }

    It 'with -SkipBuild runs mci without building it, and says how to build it when it is not built' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-SkipBuild') -Environment @{ FAKE_MCI_FAIL = '1' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'With -SkipBuild mci must already be built: run `dotnet build MciDataverse\.sln -c Release`'
        $r.Calls | Should -Be @($mciCheckNoBuild)
    }

    It 'stops when the build fails, before packing or signing in' {
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments) -Environment @{ FAKE_DOTNET_FAIL = '1' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'error CS1002'
        $r.Output | Should -Match 'The build failed \(dotnet exit code 1\); nothing was deployed'
        $r.Calls | Should -Be @($mciCheck, 'pac help', 'dotnet build <root>/MciDataverse.sln -c Release')
    }

    It 'fails with pac''s message when "<Command>" fails (<Auth>)' -TestCases @(
        @{ Command = 'solution pack'; Auth = 'service principal'; Last = 'solution pack' }
        @{ Command = 'auth create'; Auth = 'service principal'; Last = 'auth create' }
        @{ Command = 'solution list'; Auth = 'service principal'; Last = 'auth delete' }
        @{ Command = 'solution import'; Auth = 'service principal'; Last = 'auth delete' }
        @{ Command = 'auth select'; Auth = 'auth profile'; Last = 'auth select' }
        @{ Command = 'solution import'; Auth = 'auth profile'; Last = 'solution import' }
    ) {
        $arguments = if ($Auth -eq 'auth profile') { Get-AuthProfileArguments } else { Get-ServicePrincipalArguments }
        $r = Invoke-Deploy $fx $arguments -Environment @{ FAKE_PAC_FAIL = $Command; FAKE_PAC_FAIL_MESSAGE = "Simulated failure of $Command (0x80040216)." }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match "pac-deploy: pac $Command failed \(exit code 1\): Error: Simulated failure of $Command \(0x80040216\)\."
        $r.Calls[-1] | Should -Match "^pac $Last"
        if ($Command -ne 'solution import') { ($r.Calls -join "`n") | Should -Not -Match 'solution import' }
    }

    It 'treats an "Error:" line as failure even when pac exits 0' {
        $r = Invoke-Deploy $fx (Get-AuthProfileArguments) -Environment @{ FAKE_PAC_FAIL = 'solution import'; FAKE_PAC_FAIL_EXIT = '0'; FAKE_PAC_FAIL_MESSAGE = 'Solution import failed: missing dependency.' }
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'pac solution import failed \(exit code 0\): Error: Solution import failed: missing dependency\.'
        $r.Output | Should -Not -Match 'Imported MciDataverse'
    }

    It 'stops an import that runs past -TimeoutMinutes, says so, and still deletes the profile' {
        $r = Invoke-Deploy $fx ((Get-ServicePrincipalArguments) + @('-TimeoutMinutes', '0.05', '-SkipBuild')) -Environment @{ FAKE_PAC_IMPORT_SLEEP = '90' }
        $r.ExitCode | Should -Be 1
        $r.Seconds | Should -BeLessThan 60 -Because 'pac, which would run for 90 s, is stopped after 3 s'
        $r.Output | Should -Match 'Processing asynchronous operation'
        $r.Output | Should -Match 'pac solution import did not finish within 0\.05 minutes and was stopped\. An import may still be running'
        $r.Calls | Should -Contain "pac solution import --path $managedZip $($importFlags.Replace('--max-async-wait-time 60', '--max-async-wait-time 1'))"
        $r.Calls[-1] | Should -Be 'pac auth delete --name <profile>'
    }

    It 'masks the secret in pac''s own error output too' {
        $r = Invoke-Deploy $fx (Get-ServicePrincipalArguments) -Environment @{ FAKE_PAC_FAIL = 'auth create'; FAKE_PAC_FAIL_MESSAGE = "AADSTS7000215: Invalid client secret provided: $($script:Secret)" } -OutOfProcess
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'Invalid client secret provided: \*\*\*'
        $r.Output | Should -Not -Match ([regex]::Escape($script:Secret))
    }
}

Describe 'Connection references (the solution defines mci_DataverseConnection)' {
    BeforeEach { $fx = New-DeployFixture }

    It 'passes a settings file that gives it a connection to pac, without a warning' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $fx.Settings, '-SkipBuild'))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Contain "pac solution import --path $managedZip $importFlags --settings-file <root>/test.settings.json"
        $r.Output | Should -Not -Match 'connection reference'
    }

    It 'lists it, with what to fill in, when the settings file <Case>' -TestCases @(
        @{ Case = 'leaves it out'; References = @() }
        @{ Case = 'gives it an empty ConnectionId'; References = @(@{ LogicalName = 'mci_DataverseConnection'; ConnectionId = ''; ConnectorId = '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps' }) }
        @{ Case = 'gives it no ConnectionId'; References = @(@{ LogicalName = 'mci_DataverseConnection' }) }
    ) {
        $path = New-SettingsFile (Join-Path $fx.Root 'noconnection.settings.json') @{ mci_EscalationLeadDays = '5' } -ConnectionReferences $References
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $path, '-SkipBuild'))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $text = $r.Output -replace '\s+', ' '
        $text | Should -Match "gives connection reference 'mci_DataverseConnection' no ConnectionId; the import leaves it without a connection"
        $text | Should -Match ([regex]::Escape('{ "LogicalName": "mci_DataverseConnection", "ConnectionId": "<id>", "ConnectorId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps" }'))
        $text | Should -Match ([regex]::Escape('`pac connection list --environment <url>` lists them'))
        $r.Calls | Should -Contain "pac solution import --path $managedZip $importFlags --settings-file <root>/noconnection.settings.json"
    }

    It 'lists it when there is no settings file' {
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + '-SkipBuild')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ($r.Output -replace '\s+', ' ') | Should -Match "Without -SettingsFile, the import gives connection reference 'mci_DataverseConnection' no ConnectionId"
    }

    It 'points out a logical name spelt in the wrong case' {
        $path = New-SettingsFile (Join-Path $fx.Root 'case.settings.json') @{} -ConnectionReferences @(@{ LogicalName = 'mci_dataverseconnection'; ConnectionId = 'abc' })
        $r = Invoke-Deploy $fx ((Get-AuthProfileArguments) + @('-SettingsFile', $path))
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match "connection reference 'mci_dataverseconnection' which the MciDataverse solution does not define\. Defined: mci_DataverseConnection\. Did you mean 'mci_DataverseConnection'\?"
        $r.Others | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help' {
    It 'shows the synopsis, the description, every parameter''s description and the examples' {
        $help = Get-Help (Join-Path $script:RepoRoot 'pac-deploy.ps1') -Full
        $help.Synopsis | Should -Match 'Deploys the MCI for Dataverse solution'
        ($help.Description | Out-String) | Should -Match 'Exit codes: 0 deployed'
        $script = Get-Command (Join-Path $script:RepoRoot 'pac-deploy.ps1')
        $own = @($script.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters })
        $own.Count | Should -Be 11
        foreach ($name in $own) {
            $parameter = $help.parameters.parameter | Where-Object name -EQ $name
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It 'is shown through the repository''s pwsh with the command docs/deploy.md gives' {
        # docs/deploy.md: dotnet tool run pwsh -- -NoProfile -Command "Get-Help ./pac-deploy.ps1 -Full" (from the root).
        $doc = Get-Content -Raw (Join-Path $script:RepoRoot 'docs' 'deploy.md')
        $doc | Should -Match ([regex]::Escape('dotnet tool run pwsh -- -NoProfile -Command "Get-Help ./pac-deploy.ps1 -Full"'))
        $self = [Environment]::ProcessPath
        [string[]] $prefix = if ((Split-Path $self -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        Push-Location $script:RepoRoot
        try { $text = (& $self @prefix -NoProfile -Command 'Get-Help ./pac-deploy.ps1 -Full' 2>&1) -join "`n" }
        finally { Pop-Location }
        $text | Should -Match 'SYNOPSIS'
        $text | Should -Match '-SettingsFile <String>'
        $text | Should -Match 'Deployment settings JSON'
    }
}

Describe '-WhatIf' {
    BeforeEach { $fx = New-DeployFixture }

    It 'checks the inputs, asks pac for its version and runs nothing else (<Auth>)' -TestCases @(
        @{ Auth = 'service principal' }
        @{ Auth = 'auth profile' }
    ) {
        $arguments = if ($Auth -eq 'auth profile') { Get-AuthProfileArguments } else { Get-ServicePrincipalArguments }
        $r = Invoke-Deploy $fx ($arguments + @('-SettingsFile', $fx.Settings, '-WhatIf'))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Calls | Should -Be @($mciCheck, 'pac help')
        $r.Output | Should -Match 'What if: Performing the operation "dotnet build -c Release"'
        $r.Output | Should -Match 'What if: Performing the operation "pac solution pack \(managed\) from Solution/src and the assemblies Solution/map\.xml names"'
        $r.Output | Should -Match 'What if: Performing the operation "Import MciDataverse_1_2_0_0_managed\.zip .*" on target "https://contoso\.crm4\.dynamics\.com"'
        # Only the script's own steps are previewed: reading mci's answer is not (no "Remove File", no "Invoke method").
        @([regex]::Matches($r.Output, 'What if: Performing the operation "([^"]+)"') | ForEach-Object { $_.Groups[1].Value -replace ' .*', '' }) | Should -Be @('dotnet', 'pac', 'Import')
        Test-Path (Join-Path $fx.Root 'artifacts') | Should -BeFalse
    }

    It 'still rejects bad input' {
        $r = Invoke-Deploy $fx @('-Environment', 'http://contoso', '-AuthProfile', 'dev', '-WhatIf')
        $r.ExitCode | Should -Be 2
        $r.Calls | Should -BeNullOrEmpty
    }
}
