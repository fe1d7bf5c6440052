# Test helpers for pac-deploy.Tests.ps1: a throw-away repo-like folder holding a copy of pac-deploy.ps1, a
# minimal Solution/src (fixture/) with what mci says about it (fixture/check.json), the repository's own Solution/map.xml with fake built assemblies where it points, and zips,
# plus fake `pac` and `dotnet` (fakes/) that record every call and touch nothing.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
$script:Fakes = Join-Path $PSScriptRoot 'fakes'
$script:Secret = 'Q8x~fake.Secret_1234567890abcdef'
$script:EnvironmentUrl = 'https://contoso.crm4.dynamics.com'
$script:AppId = '11111111-2222-3333-4444-555555555555'
$script:Tenant = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'

function New-DeployFixture {
    param([string] $Version = '1.2.0.0', [switch] $WithoutPac, [switch] $WithoutSolution)
    $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 8))
    $src = Join-Path $root 'Solution' 'src'
    $bin = Join-Path $root 'fakebin'
    New-Item -ItemType Directory -Force -Path $bin, (Join-Path $root 'Solution' 'bin' 'Release') | Out-Null
    Copy-Item (Join-Path $script:RepoRoot 'pac-deploy.ps1') $root
    Set-Content (Join-Path $root 'MciDataverse.sln') ''

    # The unpacked solution the script hands to mci (a small one with the three variables and the connection reference
    # mci_DataverseConnection), and what mci says about it: fixture/check.json, which the fake dotnet serves.
    if (-not $WithoutSolution) { Copy-Item -Recurse (Join-Path $PSScriptRoot 'fixture' 'Solution' 'src') (Join-Path $root 'Solution') }
    $json = Join-Path $root 'mci-check.json'
    $report = Get-Content -Raw (Join-Path $PSScriptRoot 'fixture' 'check.json') | ConvertFrom-Json -AsHashtable
    $report.solution.version = $Version
    Set-Content $json ($report | ConvertTo-Json -Depth 10)

    # The repository's mapping of the built plug-in assemblies, and stand-ins for those assemblies where it points
    # (paths relative to Solution/src). A change to Solution/map.xml shows up here as failing pack command lines.
    Copy-Item (Join-Path $script:RepoRoot 'Solution' 'map.xml') (Join-Path $root 'Solution' 'map.xml')
    $assemblies = foreach ($project in 'Plugins', 'Workflows') {
        $folder = New-Item -ItemType Directory -Force -Path (Join-Path $root $project 'bin' 'Release' 'net462')
        $file = Join-Path $folder "MciDataverse.$project.dll"
        Set-Content $file 'MZ-fake'
        $file
    }

    # The zips our build writes, so -UseBuildZip finds them.
    $stem = 'MciDataverse_' + $Version.Replace('.', '_')
    foreach ($zip in "$stem.zip", "${stem}_managed.zip") { Set-Content (Join-Path $root 'Solution' 'bin' 'Release' $zip) 'PK-fake' }

    foreach ($tool in 'pac', 'dotnet') {
        if ($tool -eq 'pac' -and $WithoutPac) { continue }
        Copy-Item (Join-Path $script:Fakes $tool) $bin
        if (-not $IsWindows) { chmod +x (Join-Path $bin $tool) }
    }
    $settings = Join-Path $root 'test.settings.json'
    New-SettingsFile $settings @{ mci_DefaultMinimumPartnerMargin = '12.5'; mci_SalesExecutiveEmail = 'exec@contoso.com'; mci_EscalationLeadDays = '5' } | Out-Null
    [pscustomobject] @{
        Root = $root; Bin = $bin; Log = Join-Path $root 'pac-calls.log'; Settings = $settings; Version = $Version; Json = $json
        PluginsDll = $assemblies[0]; WorkflowsDll = $assemblies[1]
    }
}

# A settings file in pac's create-settings format; the fixture's connection reference gets a connection unless
# -ConnectionReferences says otherwise.
function New-SettingsFile([string] $Path, [System.Collections.IDictionary] $Values, [object[]] $ConnectionReferences = @(
        [ordered] @{ LogicalName = 'mci_DataverseConnection'; ConnectionId = '4445162937b84457a3465d2f0c2cab7e'; ConnectorId = '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps' })) {
    $document = [ordered] @{
        EnvironmentVariables = @($Values.Keys | ForEach-Object { [ordered] @{ SchemaName = $_; Value = $Values[$_] } })
        ConnectionReferences = @($ConnectionReferences)
    }
    Set-Content -LiteralPath $Path ($document | ConvertTo-Json -Depth 5)
    $Path
}

# The in-process runner: a host that captures what the script shows (CaptureHost.cs), compiled once per run.
if (-not ('MciDeployTests.CaptureHost' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'CaptureHost.cs') }
$script:SessionState = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()

# Runs pac-deploy.ps1 of the fixture with only the fakes (and the system folders bash needs) on PATH. By default it runs
# in a fresh runspace of this process, with a host that captures what the script shows (starting a PowerShell process per
# test made the suite slow); -OutOfProcess runs it in a new PowerShell process, the way a pipeline does, for the tests
# that hold the process-level behaviour (exit code of `pwsh -File`, stderr). Returns exit code, output text and the
# recorded calls, with the fixture root written as <root>, the temporary profile name as <profile> and mci's temporary
# JSON file as <json>.
function Invoke-Deploy {
    param($Fixture, [string[]] $Arguments, [hashtable] $Environment = @{}, [switch] $OutOfProcess)
    $variables = @{
        PATH                     = (@($Fixture.Bin, '/usr/local/bin', '/usr/bin', '/bin') -join [IO.Path]::PathSeparator)
        FAKE_PAC_LOG             = $Fixture.Log
        FAKE_MCI_JSON            = $Fixture.Json
        MCI_DEPLOY_CLIENT_SECRET = $script:Secret
    }
    foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
    $saved = @{}
    foreach ($key in $variables.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $variables[$key])
    }
    $script = Join-Path $Fixture.Root 'pac-deploy.ps1'
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try {
        if ($OutOfProcess) {
            # Under `dotnet tool run pwsh` this process is dotnet running pwsh.dll; start the child the same way.
            $self = [Environment]::ProcessPath
            [string[]] $prefix = if ((Split-Path $self -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
            $output = (& $self @prefix -NoProfile -NonInteractive -File $script @Arguments 2>&1 | ForEach-Object { "$_" }) -join "`n"
            $exitCode = $LASTEXITCODE
        }
        else {
            $captured = [MciDeployTests.CaptureHost]::new()
            $runspace = [runspacefactory]::CreateRunspace($captured, $script:SessionState)
            $runspace.Open()
            $shell = [powershell]::Create()
            $shell.Runspace = $runspace
            try {
                # Parameter names go in as written, values by reference: what `pwsh -File script ARGS` binds.
                $call = @(for ($i = 0; $i -lt $Arguments.Count; $i++) { if ($Arguments[$i] -cmatch '^-[A-Za-z]+$') { $Arguments[$i] } else { "`$A[$i]" } }) -join ' '
                $null = $shell.AddScript("param(`$Path, `$A) & `$Path $call; `$LASTEXITCODE").AddArgument($script).AddArgument($Arguments)
                $results = @($shell.Invoke())
                $exitCode = if ($results.Count -and $results[-1] -is [int]) { $results[-1] } else { 1 }
                # What reached the output or error streams, a console would show after the host text.
                $rest = @($results | Select-Object -SkipLast 1) + @($shell.Streams.Error)
                $output = ($captured.Text + (($rest | ForEach-Object { "$_" }) -join "`n")).TrimEnd()
            }
            finally {
                $shell.Dispose()
                $runspace.Dispose()
            }
        }
    }
    finally {
        $clock.Stop()
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
    $calls = if (Test-Path $Fixture.Log) {
        Get-Content $Fixture.Log | ForEach-Object {
            ($_ -replace "`t", ' ').Replace($Fixture.Root, '<root>').Replace('\', '/') -replace 'mci-deploy-[0-9a-f]{8}', '<profile>' -replace '\S*mci-check-[0-9a-f]{32}\.json', '<json>'
        }
    }
    else { @() }
    [pscustomobject] @{
        ExitCode = $exitCode
        Output   = $output
        Calls    = @($calls)
        # Every call but mci's (dotnet run --project <root>/Cli/Cli.csproj ... check): pac and the build.
        Others   = @($calls | Where-Object { $_ -notlike 'dotnet run --project <root>/Cli/Cli.csproj *' })
        Seconds  = $clock.Elapsed.TotalSeconds
    }
}

# The arguments for the common cases.
function Get-ServicePrincipalArguments { @('-Environment', $script:EnvironmentUrl, '-TenantId', $script:Tenant, '-ApplicationId', $script:AppId) }
function Get-AuthProfileArguments { @('-Environment', $script:EnvironmentUrl, '-AuthProfile', 'contoso-dev') }
