<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BillingText</name>
    <message>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Prepaid credits</source>
        <translation>预付费额度</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Dissolved</source>
        <translation>已解散</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试用</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>商用</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>查看者</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <source>AWS Marketplace</source>
        <translation>AWS Marketplace</translation>
    </message>
    <message>
        <source>AWS China Marketplace</source>
        <translation>AWS 中国区 Marketplace</translation>
    </message>
    <message>
        <source>Azure Marketplace</source>
        <translation>Azure Marketplace</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation>已订阅</translation>
    </message>
    <message>
        <source>Subscribe failed</source>
        <translation>订阅失败</translation>
    </message>
    <message>
        <source>Unsubscribe pending</source>
        <translation>退订处理中</translation>
    </message>
    <message>
        <source>Unsubscribed</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>同步中</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <source>Cloud subscription cancelled</source>
        <translation>云订阅已取消</translation>
    </message>
    <message>
        <source>No billing method</source>
        <translation>无计费方式</translation>
    </message>
    <message>
        <source>Payment overdue</source>
        <translation>付款逾期</translation>
    </message>
    <message>
        <source>Held by an administrator</source>
        <translation>管理员冻结</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 Subscription</source>
        <translation>%1 订阅</translation>
    </message>
    <message>
        <source>%1 Subscription (sync failed)</source>
        <translation>%1 订阅（同步失败）</translation>
    </message>
    <message>
        <source>%1 Subscription (syncing…)</source>
        <translation>%1 订阅（同步中…）</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>1 day left</source>
        <translation>剩 1 天</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>剩 %1 天</translation>
    </message>
    <message>
        <source>1 workspace</source>
        <translation>1 个工作区</translation>
    </message>
    <message>
        <source>%1 workspaces</source>
        <translation>%1 个工作区</translation>
    </message>
    <message>
        <source>1 cloud account</source>
        <translation>1 个云账户</translation>
    </message>
    <message>
        <source>%1 cloud accounts</source>
        <translation>%1 个云账户</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>site and how many workspaces are bound there</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Workspace %1 was dissolved when its 14-day lock ran out; its billing can no longer change.</source>
        <translation>工作区 %1 已在 14 天锁定期满时解散，其计费方式无法再更改。</translation>
    </message>
    <message>
        <source>Account %1 has a credit card on file (%2 ending in %3); an account with a card cannot be billed through a marketplace. Remove the card first.</source>
        <translation>账户 %1 已登记信用卡（尾号 %3 的 %2）；有卡的账户不能通过云市场计费。请先移除该卡。</translation>
    </message>
    <message>
        <source>Account %1 uses available credits (%2); an account with credits cannot be billed through a marketplace.</source>
        <translation>账户 %1 使用可用额度（%2）；有额度的账户不能通过云市场计费。</translation>
    </message>
    <message>
        <source>Account %1 is already linked to marketplace cloud account %2; an account links to one cloud account at most.</source>
        <translation>账户 %1 已关联云市场云账户 %2；一个账户最多关联一个云账户。</translation>
    </message>
    <message>
        <source>Cloud account %1 is %2 and %3; it takes workspaces only while subscribed and synced.</source>
        <translation>云账户 %1 当前为%2、%3；只有在已订阅且已同步时才能接收工作区。</translation>
    </message>
    <message>
        <source>A %1 cloud account cannot pay for workspaces on site %2.</source>
        <translation>%1 云账户不能为站点 %2 上的工作区付费。</translation>
    </message>
    <message>
        <source>Account %1 has no credit card on file.</source>
        <translation>账户 %1 未登记信用卡。</translation>
    </message>
    <message>
        <source>Account %1 has no available credits.</source>
        <translation>账户 %1 没有可用额度。</translation>
    </message>
    <message>
        <source>Workspace %1 is already locked (%2).</source>
        <translation>工作区 %1 已被锁定（%2）。</translation>
    </message>
    <message>
        <source>Workspace %1 is not locked.</source>
        <translation>工作区 %1 未被锁定。</translation>
    </message>
    <message>
        <source>Workspace %1 has no valid billing method (%2); unlocking it needs an override: a note saying why and the date it ends.</source>
        <translation>工作区 %1 没有有效的计费方式（%2）；解锁需要例外放行：一条说明原因的备注和放行结束日期。</translation>
    </message>
    <message>
        <source>No workspace with id &quot;%1&quot;.</source>
        <translation>没有 ID 为“%1”的工作区。</translation>
    </message>
    <message>
        <source>Someone else changed it since it was read.</source>
        <translation>自读取以来，已有其他人更改了它。</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>已生效</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>已过时</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Noted</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Customer not subscribed</source>
        <translation>客户未订阅</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Expired (lost)</source>
        <translation>已过期（损失）</translation>
    </message>
</context>
<context>
    <name>BindWorkspacesDialog</name>
    <message>
        <source>Bind Workspaces to a Cloud Account</source>
        <translation>将工作区绑定到云账户</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>资格</translation>
    </message>
    <message>
        <source>&amp;Leave Out the Refused</source>
        <translation>排除被拒绝的(&amp;L)</translation>
    </message>
</context>
<context>
    <name>ChangeBillingMethodDialog</name>
    <message>
        <source>Change Billing Method</source>
        <translation>更改计费方式</translation>
    </message>
    <message>
        <source>New billing method</source>
        <translation>新的计费方式</translation>
    </message>
    <message>
        <source>&amp;Credit card</source>
        <translation>信用卡(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Prepaid credits</source>
        <translation>预付费额度(&amp;P)</translation>
    </message>
    <message>
        <source>Cloud &amp;account billing (marketplace subscription)</source>
        <translation>云账户计费（云市场订阅）(&amp;A)</translation>
    </message>
    <message>
        <source>No cloud account yet? The customer subscribes to the product in the AWS, Azure or AWS China marketplace and completes the registration page; the new cloud account appears here once the marketplace has confirmed the subscription and it has synced.</source>
        <translation>还没有云账户？客户需在 AWS、Azure 或 AWS 中国区云市场订阅本产品并完成注册页面；云市场确认订阅且同步完成后，新的云账户会出现在这里。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
</context>
<context>
    <name>PlatformAccess</name>
    <message>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Set BILLING_CONSOLE_TOKEN to a staff token for %1.</source>
        <translation>请将 BILLING_CONSOLE_TOKEN 设为 %1 的员工令牌。</translation>
    </message>
    <message>
        <source>No --platform given and no embedded platform data in %1.</source>
        <translation>未指定 --platform，且 %1 中没有内置平台数据。</translation>
    </message>
    <message>
        <source>The embedded platform did not start: %1</source>
        <translation>内置平台未能启动：%1</translation>
    </message>
    <message>
        <source>Billing Center Console</source>
        <translation>计费中心控制台</translation>
    </message>
    <message>
        <source>No staff token for %1: set BILLING_CONSOLE_TOKEN.</source>
        <translation>没有 %1 的员工令牌：请设置 BILLING_CONSOLE_TOKEN。</translation>
    </message>
    <message>
        <source>Cannot create the data folder %1.</source>
        <translation>无法创建数据文件夹 %1。</translation>
    </message>
    <message>
        <source>--demo-workspaces takes a whole number above 0.</source>
        <translation>--demo-workspaces 需要大于 0 的整数。</translation>
    </message>
    <message>
        <source>Embedded platform at %1. Play a marketplace against it, for example:
  billing-platform simulate aws register --dir %2 --platform %1 --customer X01DEMO --name &quot;Contoso&quot;
  billing-platform simulate aws subscribe-success --dir %2 --platform %1 --customer X01DEMO</source>
        <translation>内置平台位于 %1。可以对它模拟云市场，例如：
  billing-platform simulate aws register --dir %2 --platform %1 --customer X01DEMO --name &quot;Contoso&quot;
  billing-platform simulate aws subscribe-success --dir %2 --platform %1 --customer X01DEMO</translation>
    </message>
    <message>
        <source>Exports one subscription report.</source>
        <translation>导出一份订阅报表。</translation>
    </message>
    <message>
        <source>--out FILE is required.</source>
        <translation>需要 --out FILE。</translation>
    </message>
    <message>
        <source>--format must be csv, xlsx or pdf, not &quot;%1&quot;.</source>
        <translation>--format 必须是 csv、xlsx 或 pdf，而不是“%1”。</translation>
    </message>
    <message>
        <source>Give --platform or --snapshot, not both.</source>
        <translation>请指定 --platform 或 --snapshot，不能同时指定。</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1：%2</translation>
    </message>
    <message>
        <source>--snapshot: %1 does not exist.</source>
        <translation>--snapshot：%1 不存在。</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>Stopped by signal %1 (%2); nothing was written.</source>
        <translation>被信号 %1（%2）终止；未写入任何内容。</translation>
    </message>
    <message>
        <source>%1: %2 rows</source>
        <translation>%1：%2 行</translation>
    </message>
    <message>
        <source>%1 audit events (%2–%3)</source>
        <translation>%1 条审计事件（%2–%3）</translation>
    </message>
    <message>
        <source>no audit events</source>
        <translation>无审计事件</translation>
    </message>
    <message>
        <source>Cannot write %1: the folder does not exist.</source>
        <translation>无法写入 %1：文件夹不存在。</translation>
    </message>
    <message>
        <source>Platform %1 now signs with the key %2, which neither this console&apos;s pinned key %3 nor any key it announced vouches for; if the key was replaced on purpose, remove the pin in the console&apos;s settings.</source>
        <translation>平台 %1 现在使用密钥 %2 签名，而本控制台固定的密钥 %3 及其公告的任何密钥都未为其担保；如果密钥是有意更换的，请在控制台设置中移除固定。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The downloaded snapshot does not verify: %1</source>
        <translation>下载的快照未通过验证：%1</translation>
    </message>
    <message>
        <source>Name one snapshot file: snapshot verify FILE.</source>
        <translation>请指定一个快照文件：snapshot verify FILE。</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more problem(s))</source>
        <translation>
            <numerusform>（另有 %n 个问题）</numerusform>
        </translation>
    </message>
    <message>
        <source>signed by %1, the key pinned for its platform</source>
        <translation>由 %1 签名，即为其平台固定的密钥</translation>
    </message>
    <message>
        <source>signed by %1 (no key is pinned for this platform: compare the fingerprint with the platform&apos;s)</source>
        <translation>由 %1 签名（此平台未固定密钥：请与平台的指纹比对）</translation>
    </message>
    <message>
        <source>%1: intact; %2; %3</source>
        <translation>%1：完好；%2；%3</translation>
    </message>
    <message>
        <source>Name two snapshot files, the older first: snapshot diff OLDER NEWER.</source>
        <translation>请指定两个快照文件，较旧的在前：snapshot diff OLDER NEWER。</translation>
    </message>
    <message>
        <source>--format must be text or csv, not &quot;%1&quot;.</source>
        <translation>--format 必须是 text 或 csv，而不是“%1”。</translation>
    </message>
    <message>
        <source>Cannot write to standard output.</source>
        <translation>无法写入标准输出。</translation>
    </message>
    <message>
        <source>billing method %1 → %2</source>
        <translation>计费方式 %1 → %2</translation>
    </message>
    <message>
        <source>cloud account %1 → %2</source>
        <translation>云账户 %1 → %2</translation>
    </message>
    <message>
        <source>status %1 (%2) → %3 (%4)</source>
        <translation>状态 %1（%2）→ %3（%4）</translation>
    </message>
    <message>
        <source>%1 added, %2 removed, %3 changed (billing method %4, cloud account %5, lock %6)
</source>
        <translation>新增 %1，移除 %2，变更 %3（计费方式 %4，云账户 %5，锁定 %6）
</translation>
    </message>
    <message>
        <source>Cannot write the comparison: %1</source>
        <translation>无法写入比较结果：%1</translation>
    </message>
    <message>
        <source>Name one report: report %1 --out FILE.</source>
        <translation>请指定一个报表：report %1 --out FILE。</translation>
    </message>
    <message>
        <source>There is no report &quot;%1&quot;; choose %2.</source>
        <translation>没有名为“%1”的报表；请选择 %2。</translation>
    </message>
    <message>
        <source>, %1 metered hours</source>
        <translation>，%1 个计量小时</translation>
    </message>
    <message>
        <source>, no metering ledger (format %1)</source>
        <translation>，无计量台账（格式 %1）</translation>
    </message>
    <message>
        <source>snapshot %1 of %2, made %3 by %4: %5 workspaces, %6%7</source>
        <translation>%2 的快照 %1，由 %4 于 %3 创建：%5 个工作区，%6%7</translation>
    </message>
</context>
<context>
    <name>ReportTable</name>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Workspace name</source>
        <translation>工作区名称</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所有者账户</translation>
    </message>
    <message>
        <source>Owner email</source>
        <translation>所有者邮箱</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Billing method</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Prepaid credits</source>
        <translation>预付费额度</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Marketplace customer</source>
        <translation>云市场客户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Lock reason</source>
        <translation>锁定原因</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Bound workspaces</source>
        <translation>已绑定工作区</translation>
    </message>
    <message>
        <source>Bound by site</source>
        <translation>按站点绑定</translation>
    </message>
    <message>
        <source>Locked since</source>
        <translation>锁定时间</translation>
    </message>
    <message>
        <source>Locked by</source>
        <translation>锁定者</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Dissolved on</source>
        <translation>解散日期</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target type</source>
        <translation>对象类型</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Method before</source>
        <translation>原计费方式</translation>
    </message>
    <message>
        <source>Method after</source>
        <translation>新计费方式</translation>
    </message>
    <message>
        <source>Cloud account before</source>
        <translation>原云账户</translation>
    </message>
    <message>
        <source>Cloud account after</source>
        <translation>新云账户</translation>
    </message>
    <message>
        <source>Status before</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Cloud accounts</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Locked workspaces</source>
        <translation>已锁定工作区</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Unknown report layout</source>
        <translation>未知的报表布局</translation>
    </message>
    <message>
        <source>The platform sent the %1 report with columns this console does not know (%2). Update the console to the platform&apos;s version.</source>
        <translation>平台发送的%1报表包含本控制台不认识的列（%2）。请将控制台更新到平台的版本。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>billing method and card</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No cloud account</source>
        <translation>无云账户</translation>
    </message>
    <message>
        <source>No site</source>
        <translation>无站点</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Period: %1 to %2</source>
        <translation>期间：%1 至 %2</translation>
    </message>
    <message>
        <source>the beginning</source>
        <translation>最早</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Site: %1</source>
        <translation>站点：%1</translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation>服务商：%1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Billing method: %1</source>
        <translation>计费方式：%1</translation>
    </message>
    <message>
        <source>No filters</source>
        <translation>无筛选</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>计量维度</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Metering state</source>
        <translation>计量状态</translation>
    </message>
    <message>
        <source>Marketplace record</source>
        <translation>云市场记录</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Metered usage</source>
        <translation>计量用量</translation>
    </message>
    <message>
        <source>Cloud account: %1</source>
        <translation>云账户：%1</translation>
    </message>
</context>
<context>
    <name>ReportWriter</name>
    <message>
        <source>Cannot write the report</source>
        <translation>无法写入报表</translation>
    </message>
    <message>
        <source>Cannot write the report to %1: %2</source>
        <translation>无法将报表写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign In to the Billing Platform</source>
        <translation>登录计费平台</translation>
    </message>
    <message>
        <source>Enter the platform&apos;s address and your staff API token (an administrator makes one with “billing-platform staff add”).</source>
        <translation>请输入平台地址和您的员工 API 令牌（由管理员使用“billing-platform staff add”创建）。</translation>
    </message>
    <message>
        <source>&amp;Platform address:</source>
        <translation>平台地址(&amp;P)：</translation>
    </message>
    <message>
        <source>https://billing.example.com</source>
        <translation>https://billing.example.com</translation>
    </message>
    <message>
        <source>Platform address</source>
        <translation>平台地址</translation>
    </message>
    <message>
        <source>Staff &amp;token:</source>
        <translation>员工令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>bcc_…</source>
        <translation>bcc_…</translation>
    </message>
    <message>
        <source>Staff token</source>
        <translation>员工令牌</translation>
    </message>
    <message>
        <source>&amp;Remember the token in the system keychain</source>
        <translation>在系统钥匙串中记住令牌(&amp;R)</translation>
    </message>
    <message>
        <source>Company &amp;CA file:</source>
        <translation>公司 CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Optional: your company&apos;s CA certificates (PEM)</source>
        <translation>可选：贵公司的 CA 证书（PEM）</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>公司 CA 文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Allow unencrypted HTTP to this address (the token travels readable)</source>
        <translation>允许对此地址使用未加密 HTTP（令牌以明文传输）(&amp;A)</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>登录状态</translation>
    </message>
</context>
<context>
    <name>SnapshotReportSource</name>
    <message>
        <source>snapshot %1 of %2, as of %3</source>
        <translation>%2 的快照 %1，截至 %3</translation>
    </message>
    <message>
        <source>snapshot %1</source>
        <translation>快照 %1</translation>
    </message>
    <message>
        <source>%1 does not verify: %2</source>
        <translation>%1 未通过验证：%2</translation>
    </message>
</context>
<context>
    <name>SnapshotService</name>
    <message>
        <source>Cannot write</source>
        <translation>无法写入</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>StoredTokens</name>
    <message>
        <source>Keychain unavailable</source>
        <translation>钥匙串不可用</translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1), so the token is not remembered.</source>
        <translation>无法使用系统钥匙串（%1），因此未保存令牌。</translation>
    </message>
</context>
<context>
    <name>UnbindWorkspaceDialog</name>
    <message>
        <source>Unbind Workspace</source>
        <translation>解除工作区绑定</translation>
    </message>
    <message>
        <source>Who pays from now on</source>
        <translation>此后由谁付费</translation>
    </message>
</context>
<context>
    <name>billing::models::AuditTimelineModel</name>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
</context>
<context>
    <name>billing::models::CloudAccountTableModel</name>
    <message>
        <source>Takes no bindings until it is subscribed and synced.</source>
        <translation>订阅并同步之前不接受绑定。</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>云市场</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Bound workspaces</source>
        <translation>已绑定工作区</translation>
    </message>
    <message>
        <source>By site</source>
        <translation>按站点</translation>
    </message>
</context>
<context>
    <name>billing::models::SnapshotComparisonModel</name>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Billing method</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>billing::models::WorkspaceTableModel</name>
    <message>
        <source>Not loaded: the platform is not answering (F5 retries)</source>
        <translation>未加载：平台无响应（按 F5 重试）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 since %2 by %3</source>
        <translation>%1，自 %2 起，由 %3</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所有者账户</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Billing method</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>billing::reports::PdfReportWriter</name>
    <message>
        <source>no room for the rows in the temporary folder: %1</source>
        <translation>临时文件夹空间不足，无法存放行数据：%1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Filters: %1</source>
        <translation>筛选：%1</translation>
    </message>
    <message>
        <source>Generated %1 by %2</source>
        <translation>%1 由 %2 生成</translation>
    </message>
    <message>
        <source>Platform: %1</source>
        <translation>平台：%1</translation>
    </message>
    <message>
        <source>Rows: %1</source>
        <translation>行数：%1</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>the PDF could not be started</source>
        <translation>无法开始生成 PDF</translation>
    </message>
    <message>
        <source>a new page could not be started</source>
        <translation>无法开始新的一页</translation>
    </message>
    <message>
        <source>the spooled rows could not be read back</source>
        <translation>无法读回暂存的行数据</translation>
    </message>
    <message>
        <source>the PDF could not be completed</source>
        <translation>无法完成 PDF</translation>
    </message>
    <message>
        <source>%1 in all: %2</source>
        <comment>a quantity&apos;s title and its total</comment>
        <translation>%1合计：%2</translation>
    </message>
</context>
<context>
    <name>billing::reports::ReportExport</name>
    <message>
        <source>the folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
</context>
<context>
    <name>billing::reports::XlsxReportWriter</name>
    <message>
        <source>its temporary folder %1 could not be made</source>
        <translation>无法创建其临时文件夹 %1</translation>
    </message>
    <message>
        <source>the workbook could not be created</source>
        <translation>无法创建工作簿</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>report title and sheet number</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>the sheet &quot;%1&quot; could not be added</source>
        <translation>无法添加工作表“%1”</translation>
    </message>
    <message>
        <source>rows could not be written to its temporary files (is the disk full?)</source>
        <translation>无法将行写入其临时文件（磁盘是否已满？）</translation>
    </message>
    <message>
        <source>sheet &quot;%1&quot;, row %2, column &quot;%3&quot;</source>
        <translation>工作表“%1”，第 %2 行，“%3”列</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Generated at</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Generated by</source>
        <translation>生成者</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Not numbers</source>
        <translation>非数字</translation>
    </message>
    <message numerus="yes">
        <source>Cells of a number column that held text: %n, written as text and marked. The first: %1.</source>
        <translation>
            <numerusform>数字列中包含文本的单元格：%n 个，已按文本写入并标记。第一个：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>the workbook was not written completely (is the disk full?)</source>
        <translation>工作簿未完整写入（磁盘是否已满？）</translation>
    </message>
    <message>
        <source>%1 in all</source>
        <comment>a quantity&apos;s title</comment>
        <translation>%1合计</translation>
    </message>
</context>
<context>
    <name>billing::services::PlatformAccess</name>
    <message>
        <source>The platform address must be an http:// or https:// URL, not &quot;%1&quot;.</source>
        <translation>平台地址必须是 http:// 或 https:// URL，而不是“%1”。</translation>
    </message>
    <message>
        <source>%1 is another machine, and plain HTTP would send the staff token unencrypted. Use https://, or allow unencrypted HTTP for it explicitly.</source>
        <translation>%1 是另一台机器，明文 HTTP 会以未加密方式发送员工令牌。请使用 https://，或明确允许对其使用未加密 HTTP。</translation>
    </message>
    <message>
        <source>HTTPS is not available: no TLS library (OpenSSL) could be loaded.</source>
        <translation>HTTPS 不可用：无法加载 TLS 库（OpenSSL）。</translation>
    </message>
    <message>
        <source>Cannot read the CA certificate file %1: %2</source>
        <translation>无法读取 CA 证书文件 %1：%2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 中没有 PEM 证书。</translation>
    </message>
</context>
<context>
    <name>billing::services::PlatformClient</name>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>The console closed this connection.</source>
        <translation>控制台关闭了此连接。</translation>
    </message>
    <message>
        <source>Unreadable answer</source>
        <translation>无法解读的响应</translation>
    </message>
    <message>
        <source>The platform answered with something that is not a JSON object: %1</source>
        <translation>平台返回的内容不是 JSON 对象：%1</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>The platform at %1 did not answer within %2 seconds.</source>
        <translation>%1 上的平台未在 %2 秒内响应。</translation>
    </message>
    <message>
        <source>Certificate refused</source>
        <translation>证书被拒绝</translation>
    </message>
    <message>
        <source>The platform at %1 did not prove who it is, so the staff token was not sent: %2. If your company runs its own certificate authority, choose its CA file when you sign in.</source>
        <translation>%1 上的平台未能证明其身份，因此未发送员工令牌：%2。如果贵公司使用自己的证书颁发机构，请在登录时选择其 CA 文件。</translation>
    </message>
    <message>
        <source>Platform unreachable</source>
        <translation>无法访问平台</translation>
    </message>
    <message>
        <source>Cannot reach the platform at %1: %2</source>
        <translation>无法访问位于 %1 的平台：%2</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>The connection to the platform at %1 broke off: %2</source>
        <translation>与位于 %1 的平台的连接中断：%2</translation>
    </message>
    <message>
        <source>Platform error</source>
        <translation>平台错误</translation>
    </message>
    <message>
        <source>The platform answered HTTP %1 %2.</source>
        <translation>平台返回 HTTP %1 %2。</translation>
    </message>
</context>
<context>
    <name>billing::ui::BindWorkspacesDialog</name>
    <message>
        <source>&amp;Bind All</source>
        <translation>全部绑定(&amp;B)</translation>
    </message>
    <message>
        <source>Eligibility of each workspace</source>
        <translation>每个工作区的资格</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>%1 selected. Choose the cloud account that will pay for all of them; each is checked before anything is bound, and they are bound all together or not at all.</source>
        <translation>已选 %1。请选择为它们全部付费的云账户；绑定前会逐一检查，要么全部绑定，要么都不绑定。</translation>
    </message>
    <message>
        <source>Choose the cloud account that will pay.</source>
        <translation>请选择付费的云账户。</translation>
    </message>
    <message>
        <source>Checking %1 against %2…</source>
        <translation>正在按 %2 检查 %1…</translation>
    </message>
    <message>
        <source>Could not check the workspaces: %1</source>
        <translation>无法检查工作区：%1</translation>
    </message>
    <message>
        <source>Already bound</source>
        <translation>已绑定</translation>
    </message>
    <message>
        <source>Eligible</source>
        <translation>符合条件</translation>
    </message>
    <message>
        <source>All %1 may be billed to %2.</source>
        <translation>全部 %1 均可由 %2 计费。</translation>
    </message>
    <message>
        <source>%1 eligible, %2 refused: binding is all or none, so nothing can be bound until the refused are left out or fixed.</source>
        <translation>%1 符合条件，%2 被拒绝：绑定要么全部成功要么都不进行，排除或修正被拒绝的之前无法绑定。</translation>
    </message>
    <message>
        <source>%1 to bind (the refused were left out).</source>
        <translation>待绑定 %1（已排除被拒绝的）。</translation>
    </message>
    <message>
        <source>Binding %1 to %2…</source>
        <translation>正在将 %1 绑定到 %2…</translation>
    </message>
</context>
<context>
    <name>billing::ui::ChangeBillingMethodDialog</name>
    <message>
        <source>&amp;Confirm</source>
        <translation>确认(&amp;C)</translation>
    </message>
    <message>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Prepaid credits</source>
        <translation>预付费额度</translation>
    </message>
    <message>
        <source>Cloud account billing</source>
        <translation>云账户计费</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>资格</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, site %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2，站点 %3</translation>
    </message>
    <message>
        <source>Current billing method: %1</source>
        <translation>当前计费方式：%1</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>The workspace is locked (%1); a valid new method unlocks it.</source>
        <translation>工作区已锁定（%1）；设置有效的新计费方式即可解锁。</translation>
    </message>
    <message>
        <source>Could not read the owner account: %1</source>
        <translation>无法读取所有者账户：%1</translation>
    </message>
    <message>
        <source>&amp;Credit card — %1 ending in %2</source>
        <translation>信用卡 — 尾号 %2 的 %1(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Credit card — no card on file</source>
        <translation>信用卡 — 未登记卡片(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Prepaid credits — %1 available</source>
        <translation>预付费额度 — 可用 %1(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Prepaid credits — no credits</source>
        <translation>预付费额度 — 无额度(&amp;P)</translation>
    </message>
    <message>
        <source>Choose the new billing method.</source>
        <translation>请选择新的计费方式。</translation>
    </message>
    <message>
        <source>The workspace is already billed this way.</source>
        <translation>该工作区已采用此计费方式。</translation>
    </message>
    <message>
        <source>Ready: %1 will pay for this workspace.</source>
        <translation>就绪：将由%1为该工作区付费。</translation>
    </message>
    <message>
        <source>Choose the cloud account that will pay.</source>
        <translation>请选择付费的云账户。</translation>
    </message>
    <message>
        <source>Checking whether %1 may pay for this workspace…</source>
        <translation>正在检查 %1 能否为该工作区付费…</translation>
    </message>
    <message>
        <source>Could not check eligibility: %1</source>
        <translation>无法检查资格：%1</translation>
    </message>
    <message>
        <source>Ready: cloud account %1 may pay for this workspace.</source>
        <translation>就绪：云账户 %1 可以为该工作区付费。</translation>
    </message>
    <message>
        <source>Latest: %1</source>
        <translation>最新：%1</translation>
    </message>
    <message>
        <source>Changing the billing method…</source>
        <translation>正在更改计费方式…</translation>
    </message>
    <message>
        <source>Workspace changed</source>
        <translation>工作区已变更</translation>
    </message>
    <message>
        <source>Someone changed this workspace since you opened it. Reload it and review your choice?</source>
        <translation>自您打开后，有人更改了该工作区。要重新加载并复核您的选择吗？</translation>
    </message>
</context>
<context>
    <name>billing::ui::ChangeDialog</name>
    <message>
        <source>The platform is not answering: %1</source>
        <translation>平台无响应：%1</translation>
    </message>
    <message>
        <source>What you entered is kept; Confirm comes back when the platform does.</source>
        <translation>您输入的内容会保留；平台恢复后即可再次确认。</translation>
    </message>
    <message>
        <source>The change is sent again when the platform answers, or when you press %1; it will not be applied twice.</source>
        <translation>平台恢复响应或您按下“%1”时，将重新发送此更改；它不会被重复执行。</translation>
    </message>
    <message>
        <source>Reading the workspace again…</source>
        <translation>正在重新读取工作区…</translation>
    </message>
    <message>
        <source>Could not reload the workspace: %1</source>
        <translation>无法重新加载工作区：%1</translation>
    </message>
</context>
<context>
    <name>billing::ui::CloudAccountDetailPanel</name>
    <message>
        <source>Cloud account details</source>
        <translation>云账户详情</translation>
    </message>
    <message>
        <source>Marketplace subscription</source>
        <translation>云市场订阅</translation>
    </message>
    <message>
        <source>Marketplace:</source>
        <translation>云市场：</translation>
    </message>
    <message>
        <source>Subscription:</source>
        <translation>订阅：</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>同步：</translation>
    </message>
    <message>
        <source>Bound workspaces:</source>
        <translation>已绑定工作区：</translation>
    </message>
    <message>
        <source>By site:</source>
        <translation>按站点：</translation>
    </message>
    <message>
        <source>Bound workspaces</source>
        <translation>已绑定工作区</translation>
    </message>
    <message>
        <source>&amp;Unbind…</source>
        <translation>解除绑定(&amp;U)…</translation>
    </message>
    <message>
        <source>Stop billing the selected workspace to this cloud account</source>
        <translation>停止由此云账户为所选工作区计费</translation>
    </message>
    <message>
        <source>Bind &amp;Workspaces…</source>
        <translation>绑定工作区(&amp;W)…</translation>
    </message>
    <message>
        <source>Bill more workspaces to this cloud account, all or none</source>
        <translation>由此云账户为更多工作区计费（全部或全不）</translation>
    </message>
    <message>
        <source>Bound workspaces (%1)</source>
        <translation>已绑定工作区（%1）</translation>
    </message>
    <message>
        <source>Could not load the bound workspaces: %1</source>
        <translation>无法加载已绑定工作区：%1</translation>
    </message>
    <message>
        <source>No cloud account selected</source>
        <translation>未选择云账户</translation>
    </message>
    <message>
        <source>Select a cloud account to see its subscription and the workspaces it pays for.</source>
        <translation>选择一个云账户以查看其订阅及其付费的工作区。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>As read before; reading it again failed: %1</source>
        <translation>显示的是先前读取的内容；重新读取失败：%1</translation>
    </message>
    <message>
        <source>Could not load the cloud account: %1</source>
        <translation>无法加载云账户：%1</translation>
    </message>
    <message>
        <source>Takes no bindings: a cloud account pays only while it is subscribed and synced.</source>
        <translation>不接受绑定：云账户仅在已订阅且已同步时付费。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>SaaS subscription:</source>
        <translation>SaaS 订阅：</translation>
    </message>
    <message>
        <source>Purchaser tenant:</source>
        <translation>购买方租户：</translation>
    </message>
    <message>
        <source>Offer / plan:</source>
        <translation>产品 / 套餐：</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Quantity:</source>
        <translation>数量：</translation>
    </message>
    <message>
        <source>Customer identifier:</source>
        <translation>客户标识：</translation>
    </message>
    <message>
        <source>AWS account:</source>
        <translation>AWS 账户：</translation>
    </message>
    <message>
        <source>Product code:</source>
        <translation>产品代码：</translation>
    </message>
    <message>
        <source>This cloud account takes no bindings until it is subscribed and synced</source>
        <translation>此云账户在订阅并同步之前不接受绑定</translation>
    </message>
    <message>
        <source>%1 unbound and locked: it has no billing method.</source>
        <translation>%1 已解除绑定并锁定：它没有计费方式。</translation>
    </message>
    <message>
        <source>%1 unbound; billed by %2 from now on.</source>
        <translation>%1 已解除绑定；此后由%2计费。</translation>
    </message>
    <message>
        <source>Bind Workspaces to %1</source>
        <translation>将工作区绑定到 %1</translation>
    </message>
    <message>
        <source>Workspace ids to bind, separated by spaces, commas or new lines (up to %1):</source>
        <translation>要绑定的工作区 ID，以空格、逗号或换行分隔（最多 %1 个）：</translation>
    </message>
    <message>
        <source>&amp;Check Eligibility</source>
        <translation>检查资格(&amp;C)</translation>
    </message>
    <message>
        <source>At most %1 workspaces can be bound at once; %2 were given.</source>
        <translation>一次最多可绑定 %1 个工作区；当前给出了 %2 个。</translation>
    </message>
    <message>
        <source>%1 bound to %2.</source>
        <translation>%1 已绑定到 %2。</translation>
    </message>
    <message>
        <source>Entitlements:</source>
        <translation>授权：</translation>
    </message>
    <message>
        <source>Retry &amp;Sync</source>
        <translation>重试同步(&amp;S)</translation>
    </message>
    <message>
        <source>Ask the marketplace again what it holds for this customer (operators and admins)</source>
        <translation>再次向云市场查询该客户的订阅信息（操作员和管理员）</translation>
    </message>
    <message>
        <source>%1 = %2, until %3</source>
        <translation>%1 = %2，至 %3</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Could not retry the sync of %1: %2</source>
        <translation>无法重试 %1 的同步：%2</translation>
    </message>
    <message>
        <source>%1 synced with the marketplace.</source>
        <translation>%1 已与云市场同步。</translation>
    </message>
    <message>
        <source>The sync of %1 failed: %2</source>
        <translation>%1 同步失败：%2</translation>
    </message>
    <message>
        <source>Metered this month:</source>
        <translation>本月计量：</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>unknown: %1</source>
        <translation>未知：%1</translation>
    </message>
    <message>
        <source>%1: %2 billed</source>
        <translation>%1：已计费 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) failed, being retried</source>
        <translation>
            <numerusform>%n 小时失败，正在重试</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) refused: customer not subscribed</source>
        <translation>
            <numerusform>%n 小时被拒：客户未订阅</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) lost (expired): %1</source>
        <translation>
            <numerusform>%n 小时已损失（过期）：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>billing::ui::CloudAccountPicker</name>
    <message>
        <source>Search registered cloud accounts by id or name</source>
        <translation>按 ID 或名称搜索已注册的云账户</translation>
    </message>
    <message>
        <source>Search cloud accounts</source>
        <translation>搜索云账户</translation>
    </message>
    <message>
        <source>Registered cloud accounts</source>
        <translation>已注册的云账户</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>云市场</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Could not list cloud accounts: %1</source>
        <translation>无法列出云账户：%1</translation>
    </message>
</context>
<context>
    <name>billing::ui::CloudAccountsView</name>
    <message>
        <source>Cloud Accounts</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Search cloud account id or name (Ctrl+F)</source>
        <translation>搜索云账户 ID 或名称（Ctrl+F）</translation>
    </message>
    <message>
        <source>Search cloud accounts</source>
        <translation>搜索云账户</translation>
    </message>
    <message>
        <source>Marketplace filter</source>
        <translation>云市场筛选</translation>
    </message>
    <message>
        <source>&amp;Marketplace:</source>
        <translation>云市场(&amp;M)：</translation>
    </message>
    <message>
        <source>Subscription filter</source>
        <translation>订阅筛选</translation>
    </message>
    <message>
        <source>S&amp;ubscription:</source>
        <translation>订阅(&amp;U)：</translation>
    </message>
    <message>
        <source>Sync filter</source>
        <translation>同步筛选</translation>
    </message>
    <message>
        <source>S&amp;ync:</source>
        <translation>同步(&amp;Y)：</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Cloud account count</source>
        <translation>云账户数量</translation>
    </message>
    <message>
        <source>Cloud accounts</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Could not load cloud accounts: %1</source>
        <translation>无法加载云账户：%1</translation>
    </message>
    <message>
        <source>Press F5 to try again.</source>
        <translation>按 F5 重试。</translation>
    </message>
    <message>
        <source>The cloud accounts shown are as read before, greyed; they reload by themselves when it answers again.</source>
        <translation>所显示的云账户为先前读取的内容（灰色）；平台恢复响应后会自动重新加载。</translation>
    </message>
</context>
<context>
    <name>billing::ui::ExportReportDialog</name>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>报表(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation>另存为(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Start the CSV with a byte order mark (for Excel)</source>
        <translation>CSV 以字节顺序标记开头（供 Excel 使用）</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation>从(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Until (not including):</source>
        <translation>至（不含）(&amp;U)：</translation>
    </message>
    <message>
        <source>S&amp;ite:</source>
        <translation>站点(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>服务商(&amp;P)：</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Billing method:</source>
        <translation>计费方式(&amp;B)：</translation>
    </message>
    <message>
        <source>Any site</source>
        <translation>任意站点</translation>
    </message>
    <message>
        <source>Report file</source>
        <translation>报表文件</translation>
    </message>
    <message>
        <source>Period start</source>
        <translation>期间开始</translation>
    </message>
    <message>
        <source>Period end</source>
        <translation>期间结束</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>CSV (comma-separated values)</source>
        <translation>CSV（逗号分隔值）</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel 工作簿（XLSX）</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Open Folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>The %1 report does not filter by this.</source>
        <translation>%1报表不支持按此筛选。</translation>
    </message>
    <message>
        <source>Save Report As</source>
        <translation>报表另存为</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>%1 文件 (*.%2)</translation>
    </message>
    <message>
        <source>Choose the file to save the report as.</source>
        <translation>请选择保存报表的文件。</translation>
    </message>
    <message>
        <source>The period must end after it starts.</source>
        <translation>期间的结束必须晚于开始。</translation>
    </message>
    <message>
        <source>Exporting… %1 rows so far.</source>
        <translation>正在导出… 已导出 %1 行。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved %1 rows to %2.</source>
        <translation>已将 %1 行保存到 %2。</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消；未写入任何文件。</translation>
    </message>
    <message>
        <source>The export failed; no file was written. %1</source>
        <translation>导出失败；未写入任何文件。%1</translation>
    </message>
    <message>
        <source>&amp;Cancel Export</source>
        <translation>取消导出(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Clou&amp;d account:</source>
        <translation>云账户(&amp;D)：</translation>
    </message>
    <message>
        <source>Any cloud account (its id, e.g. ca-000123)</source>
        <translation>任意云账户（填写其 ID，例如 ca-000123）</translation>
    </message>
</context>
<context>
    <name>billing::ui::LockWorkspacesDialog</name>
    <message>
        <source>Lock Workspaces</source>
        <translation>锁定工作区</translation>
    </message>
    <message>
        <source>Unlock Workspaces</source>
        <translation>解锁工作区</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Lock %1.</source>
        <translation>锁定 %1。</translation>
    </message>
    <message>
        <source>Unlock %1.</source>
        <translation>解锁 %1。</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Lock reason</source>
        <translation>锁定原因</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Why, for the audit trail (for example: chargeback under review)</source>
        <translation>原因，记入审计记录（例如：拒付审核中）</translation>
    </message>
    <message>
        <source>Why, for the audit trail</source>
        <translation>原因，记入审计记录</translation>
    </message>
    <message>
        <source>&amp;Override: let workspaces with no valid billing method run until</source>
        <translation>例外放行(&amp;O)：允许没有有效计费方式的工作区运行至</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>例外放行</translation>
    </message>
    <message>
        <source>Override &amp;ends:</source>
        <translation>放行结束(&amp;E)：</translation>
    </message>
    <message>
        <source>Override end date</source>
        <translation>放行结束日期</translation>
    </message>
    <message>
        <source>Each workspace is dissolved after %1 days (on %2) unless it is unlocked or given a valid billing method first; a dissolved workspace cannot be unlocked. Its deployments are not stopped by a lock (only a marketplace cancellation stops paid ones).</source>
        <translation>每个工作区将在 %1 天后（%2）解散，除非在此之前解锁或设置有效的计费方式；已解散的工作区无法解锁。锁定不会停止其部署（只有云市场取消才会停止付费部署）。</translation>
    </message>
    <message>
        <source>Workspaces with a valid billing method are unlocked for good. One without needs an override: it runs until the override ends (at most %1 days, with a note) and is then locked again. Unlocking never brings back a deleted deployment.</source>
        <translation>有有效计费方式的工作区将被永久解锁。没有的需要例外放行：它运行到放行结束（最多 %1 天，需填写备注），然后再次锁定。解锁不会恢复已删除的部署。</translation>
    </message>
    <message>
        <source>An override needs a note saying why.</source>
        <translation>例外放行需要填写原因备注。</translation>
    </message>
    <message>
        <source>%1 will be locked for “%2”.</source>
        <translation>%1 将因“%2”被锁定。</translation>
    </message>
    <message>
        <source>%1 will be unlocked; those with no valid billing method run until %2.</source>
        <translation>%1 将被解锁；没有有效计费方式的运行至 %2。</translation>
    </message>
    <message>
        <source>%1 will be unlocked.</source>
        <translation>%1 将被解锁。</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>正在锁定…</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… 另有 %1 个。</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was changed: %n of them lack a valid billing method and need an override. Give it a note and an end date, then unlock again.</source>
        <translation>
            <numerusform>未做任何更改：其中 %n 个没有有效的计费方式，需要例外放行。请填写备注和结束日期，然后再次解锁。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was changed: %1
%2</source>
        <translation>未做任何更改：%1
%2</translation>
    </message>
</context>
<context>
    <name>billing::ui::MainWindow</name>
    <message>
        <source>Billing Center Console — Embedded demo platform</source>
        <translation>计费中心控制台 — 内置演示平台</translation>
    </message>
    <message>
        <source>Billing Center Console — %1</source>
        <translation>计费中心控制台 — %1</translation>
    </message>
    <message>
        <source>Workspace Management</source>
        <translation>工作区管理</translation>
    </message>
    <message>
        <source>Cloud Accounts</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>%1 The stored token could not be removed: %2</source>
        <translation>%1 无法删除已保存的令牌：%2</translation>
    </message>
    <message>
        <source>The platform no longer accepts your sign-in: %1</source>
        <translation>平台不再接受您的登录：%1</translation>
    </message>
    <message>
        <source>Signed Out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>Sign In &amp;Again</source>
        <translation>重新登录(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export Report…</source>
        <translation>导出报表(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a subscription report as CSV, XLSX or PDF</source>
        <translation>以 CSV、XLSX 或 PDF 导出订阅报表</translation>
    </message>
    <message>
        <source>&amp;Open Snapshot…</source>
        <translation>打开快照(&amp;O)…</translation>
    </message>
    <message>
        <source>Review an audit snapshot file offline (files can also be dropped on this window)</source>
        <translation>离线审阅审计快照文件（也可将文件拖到此窗口）</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>您已退出登录。</translation>
    </message>
    <message>
        <source>Forget the stored staff token and sign in again</source>
        <translation>忘记已保存的员工令牌并重新登录</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Workspace Management</source>
        <translation>工作区管理(&amp;W)</translation>
    </message>
    <message>
        <source>Cloud &amp;Accounts</source>
        <translation>云账户(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Clear Filters</source>
        <translation>清除筛选(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The console speaks the chosen language from its next start.</source>
        <translation>控制台将在下次启动时使用所选语言。</translation>
    </message>
    <message>
        <source>&amp;System Language</source>
        <translation>系统语言(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>工作区(&amp;W)</translation>
    </message>
    <message>
        <source>Change &amp;Billing Method…</source>
        <translation>更改计费方式(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose who pays for the selected workspace</source>
        <translation>选择为所选工作区付费的一方</translation>
    </message>
    <message>
        <source>Bind to &amp;Cloud Account…</source>
        <translation>绑定到云账户(&amp;C)…</translation>
    </message>
    <message>
        <source>Bill the selected workspaces to one marketplace cloud account, all or none</source>
        <translation>由一个云市场云账户为所选工作区计费（全部或全不）</translation>
    </message>
    <message>
        <source>&amp;Lock…</source>
        <translation>锁定(&amp;L)…</translation>
    </message>
    <message>
        <source>Lock the selected workspaces (admins): they stop running and are purged after 14 days</source>
        <translation>锁定所选工作区（管理员）：它们停止运行并在 14 天后清除</translation>
    </message>
    <message>
        <source>&amp;Unlock…</source>
        <translation>解锁(&amp;U)…</translation>
    </message>
    <message>
        <source>Unlock the selected workspaces (admins)</source>
        <translation>解锁所选工作区（管理员）</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Billing Center Console</source>
        <translation>关于计费中心控制台(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Changing billing needs the operator or admin role; you are signed in as %1.</source>
        <translation>更改计费需要操作员或管理员角色；您当前以%1身份登录。</translation>
    </message>
    <message>
        <source>Locking and unlocking need the admin role; you are signed in as %1.</source>
        <translation>锁定和解锁需要管理员角色；您当前以%1身份登录。</translation>
    </message>
    <message>
        <source>Change who pays for the selected workspace (Ctrl+Shift+B)</source>
        <translation>更改为所选工作区付费的一方（Ctrl+Shift+B）</translation>
    </message>
    <message>
        <source>Select one workspace to change its billing method</source>
        <translation>选择一个工作区以更改其计费方式</translation>
    </message>
    <message>
        <source>Bind the selected workspaces to one cloud account (Ctrl+Shift+K)</source>
        <translation>将所选工作区绑定到一个云账户（Ctrl+Shift+K）</translation>
    </message>
    <message>
        <source>Select the workspaces to bind</source>
        <translation>选择要绑定的工作区</translation>
    </message>
    <message>
        <source>Lock the selected active workspaces (Ctrl+Alt+L)</source>
        <translation>锁定所选的运行中工作区（Ctrl+Alt+L）</translation>
    </message>
    <message>
        <source>Select active workspaces to lock</source>
        <translation>选择要锁定的运行中工作区</translation>
    </message>
    <message>
        <source>Unlock the selected locked workspaces (Ctrl+Alt+U)</source>
        <translation>解锁所选的已锁定工作区（Ctrl+Alt+U）</translation>
    </message>
    <message>
        <source>Select locked workspaces to unlock</source>
        <translation>选择要解锁的已锁定工作区</translation>
    </message>
    <message>
        <source>The platform is not answering; this comes back by itself when it does.</source>
        <translation>平台无响应；平台恢复后此功能会自动恢复。</translation>
    </message>
    <message>
        <source>%1 locked.</source>
        <translation>%1 已锁定。</translation>
    </message>
    <message>
        <source>%1 unlocked.</source>
        <translation>%1 已解锁。</translation>
    </message>
    <message>
        <source>At most %1 workspaces can be bound at once; %2 are selected.</source>
        <translation>一次最多可绑定 %1 个工作区；当前选择了 %2 个。</translation>
    </message>
    <message>
        <source>Collecting the %1 selected…</source>
        <translation>正在收集所选的 %1 个…</translation>
    </message>
    <message>
        <source>Could not collect the selection: %1</source>
        <translation>无法收集所选内容：%1</translation>
    </message>
    <message>
        <source>%1 bound to %2.</source>
        <translation>%1 已绑定到 %2。</translation>
    </message>
    <message>
        <source>Billing method of %1 changed.</source>
        <translation>%1 的计费方式已更改。</translation>
    </message>
    <message>
        <source>Embedded demo platform (demo data) at %1</source>
        <translation>内置演示平台（演示数据），地址 %1</translation>
    </message>
    <message>
        <source>Platform %1</source>
        <translation>平台 %1</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>Workspace count</source>
        <translation>工作区数量</translation>
    </message>
    <message>
        <source>Live updates: connecting…</source>
        <translation>实时更新：正在连接…</translation>
    </message>
    <message>
        <source>Live updates</source>
        <translation>实时更新</translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>登录身份</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>云市场</translation>
    </message>
    <message>
        <source>%1: subscription of %2 cancelled — %3 locked.</source>
        <translation>%1：%2 的订阅已取消 — %3 已锁定。</translation>
    </message>
    <message>
        <source>Cancellation of %1, %2</source>
        <translation>%1 的取消，%2</translation>
    </message>
    <message>
        <source>Show These Workspaces</source>
        <translation>显示这些工作区</translation>
    </message>
    <message>
        <source>%1: %2 registered; waiting for the marketplace to confirm the subscription (%3).</source>
        <translation>%1：%2 已注册；正在等待云市场确认订阅（%3）。</translation>
    </message>
    <message>
        <source>%1: %2 is subscribed and synced; it can pay for workspaces now.</source>
        <translation>%1：%2 已订阅并同步；现在可以为工作区付费。</translation>
    </message>
    <message>
        <source>%1: syncing %2 failed. %3</source>
        <translation>%1：同步 %2 失败。%3</translation>
    </message>
    <message>
        <source>%1: %2 is now %3 (%4).</source>
        <translation>%1：%2 现为 %3（%4）。</translation>
    </message>
    <message>
        <source>Show Cloud Account</source>
        <translation>显示云账户</translation>
    </message>
    <message>
        <source>Your API token expires within a day, at %1. Ask an administrator for a new one (billing-platform staff rotate) and sign in with it.</source>
        <translation>您的 API 令牌将在一天内（%1）过期。请向管理员申请新令牌（billing-platform staff rotate）并用它登录。</translation>
    </message>
    <message>
        <source>Your API token expires in %1 days, at %2. Ask an administrator for a new one (billing-platform staff rotate) and sign in with it.</source>
        <translation>您的 API 令牌将在 %1 天后（%2）过期。请向管理员申请新令牌（billing-platform staff rotate）并用它登录。</translation>
    </message>
    <message>
        <source>%1, token expires %2</source>
        <translation>%1，令牌于 %2 过期</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Live updates paused</source>
        <translation>实时更新已暂停</translation>
    </message>
    <message>
        <source>Changes made elsewhere appear once the platform answers again</source>
        <translation>平台恢复响应后将显示其他地方所做的更改</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Live updates reconnecting…</source>
        <translation>实时更新正在重新连接…</translation>
    </message>
    <message>
        <source>Changes made by others and by the marketplaces appear as they happen</source>
        <translation>他人和云市场所做的更改会实时显示</translation>
    </message>
    <message>
        <source>Changes made elsewhere appear once live updates are back</source>
        <translation>实时更新恢复后将显示其他地方所做的更改</translation>
    </message>
    <message>
        <source>The platform did not answer: %1</source>
        <translation>平台没有响应：%1</translation>
    </message>
    <message>
        <source>Press F5 to try again.</source>
        <translation>按 F5 重试。</translation>
    </message>
    <message>
        <source>Platform version %1, %2 storage</source>
        <translation>平台版本 %1，%2 存储</translation>
    </message>
    <message>
        <source>About Billing Center Console</source>
        <translation>关于计费中心控制台</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Billing Center Console %1&lt;/h3&gt;&lt;p&gt;Workspace billing administration for billing staff: billing methods, cloud marketplace accounts, locks, reports and audit snapshots.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;计费中心控制台 %1&lt;/h3&gt;&lt;p&gt;面向计费人员的工作区计费管理：计费方式、云市场账户、锁定、报表和审计快照。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Marketplace Activity</source>
        <translation>云市场活动</translation>
    </message>
    <message>
        <source>Marketplace Acti&amp;vity</source>
        <translation>云市场活动(&amp;V)</translation>
    </message>
    <message>
        <source>Metering</source>
        <translation>计量</translation>
    </message>
    <message>
        <source>&amp;Metering</source>
        <translation>计量(&amp;M)</translation>
    </message>
</context>
<context>
    <name>billing::ui::MarketplaceActivityView</name>
    <message>
        <source>Marketplace Activity</source>
        <translation>云市场活动</translation>
    </message>
    <message>
        <source>Marketplace filter</source>
        <translation>云市场筛选</translation>
    </message>
    <message>
        <source>&amp;Marketplace:</source>
        <translation>云市场(&amp;M)：</translation>
    </message>
    <message>
        <source>Cloud account id (Ctrl+F)</source>
        <translation>云账号 ID（Ctrl+F）</translation>
    </message>
    <message>
        <source>Customer filter</source>
        <translation>客户筛选</translation>
    </message>
    <message>
        <source>C&amp;ustomer:</source>
        <translation>客户(&amp;U)：</translation>
    </message>
    <message>
        <source>Outcome filter</source>
        <translation>结果筛选</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Messages from the marketplaces</source>
        <translation>来自云市场的消息</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>云市场</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>Calls to the marketplaces</source>
        <translation>对云市场的调用</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <source>C&amp;alls</source>
        <translation>调用(&amp;A)</translation>
    </message>
    <message>
        <source>The selected message or call, whole</source>
        <translation>所选消息或调用的完整内容</translation>
    </message>
    <message>
        <source>Select a message or a call to see it whole.</source>
        <translation>选择一条消息或一次调用以查看完整内容。</translation>
    </message>
    <message>
        <source>Could not load marketplace messages: %1</source>
        <translation>无法加载云市场消息：%1</translation>
    </message>
    <message>
        <source>Message %1 from %2
Received: %3
Sent: %4
Customer: %5
Outcome: %6 — %7
Body: %8 bytes, SHA-256 %9

%10</source>
        <translation>来自 %2 的消息 %1
接收时间：%3
发送时间：%4
客户：%5
结果：%6 — %7
正文：%8 字节，SHA-256 %9

%10</translation>
    </message>
    <message>
        <source>not said</source>
        <translation>未说明</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Could not load marketplace calls: %1</source>
        <translation>无法加载云市场调用：%1</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 to %2, attempt %3
At: %4
Status: %5
Latency: %6 ms
Request id: %7
Outcome: %8</source>
        <translation>对 %2 的 %1，第 %3 次尝试
时间：%4
状态：%5
延迟：%6 毫秒
请求 ID：%7
结果：%8</translation>
    </message>
    <message>
        <source>&amp;Messages (loading…)</source>
        <translation>消息(&amp;M)（正在加载…）</translation>
    </message>
    <message>
        <source>C&amp;alls (loading…)</source>
        <translation>调用(&amp;A)（正在加载…）</translation>
    </message>
    <message>
        <source>&amp;Messages (%1)</source>
        <translation>消息(&amp;M)（%1）</translation>
    </message>
    <message>
        <source>C&amp;alls (%1)</source>
        <translation>调用(&amp;A)（%1）</translation>
    </message>
    <message>
        <source>Retry &amp;Sync</source>
        <translation>重试同步(&amp;S)</translation>
    </message>
    <message>
        <source>Ask the marketplace again what it holds for this message&apos;s customer (operators and admins)</source>
        <translation>再次向云市场查询此消息所属客户的订阅信息（操作员和管理员）</translation>
    </message>
    <message>
        <source>Re&amp;play</source>
        <translation>重放(&amp;P)</translation>
    </message>
    <message>
        <source>Take this refused or stale message again, out of its order (admins; audited)</source>
        <translation>不按顺序重新处理这条被拒绝或已过时的消息（管理员；将记入审计）</translation>
    </message>
    <message>
        <source>Could not retry the sync of %1: %2</source>
        <translation>无法重试 %1 的同步：%2</translation>
    </message>
    <message>
        <source>%1 synced with the marketplace.</source>
        <translation>%1 已与云市场同步。</translation>
    </message>
    <message>
        <source>The sync of %1 failed: %2</source>
        <translation>%1 同步失败：%2</translation>
    </message>
    <message>
        <source>Could not replay %1: %2</source>
        <translation>无法重放 %1：%2</translation>
    </message>
    <message>
        <source>%1 replayed; it changed nothing: %2</source>
        <translation>%1 已重放；未做任何更改：%2</translation>
    </message>
    <message>
        <source>%1 replayed.</source>
        <translation>%1 已重放。</translation>
    </message>
</context>
<context>
    <name>billing::ui::MeteringView</name>
    <message>
        <source>Metering</source>
        <translation>计量</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Mont&amp;h:</source>
        <translation>月份(&amp;H)：</translation>
    </message>
    <message>
        <source>Cloud account id (Ctrl+F)</source>
        <translation>云账户 ID（Ctrl+F）</translation>
    </message>
    <message>
        <source>Cloud account filter</source>
        <translation>云账户筛选</translation>
    </message>
    <message>
        <source>Cloud &amp;account:</source>
        <translation>云账户(&amp;A)：</translation>
    </message>
    <message>
        <source>State filter</source>
        <translation>状态筛选</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Month totals per cloud account and dimension</source>
        <translation>按云账户和计量维度的月度合计</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>计量维度</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>已计费</translation>
    </message>
    <message>
        <source>Billed hours</source>
        <translation>已计费小时</translation>
    </message>
    <message>
        <source>Waiting hours</source>
        <translation>待处理小时</translation>
    </message>
    <message>
        <source>Refused hours</source>
        <translation>被拒小时</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Lost hours</source>
        <translation>损失小时</translation>
    </message>
    <message>
        <source>Billed: accepted by the marketplace (or already held by it). Waiting: pending, sent or failed, still within the marketplace&apos;s window. Lost: expired before the marketplace took it.</source>
        <translation>已计费：云市场已接受（或已持有）。待处理：待发送、已发送或失败，仍在云市场的时间窗口内。损失：在云市场接受前已过期。</translation>
    </message>
    <message>
        <source>Hourly metering ledger</source>
        <translation>每小时计量台账</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>云市场</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Marketplace record</source>
        <translation>云市场记录</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Send this failed hour to its marketplace again now (operators and admins; audited)</source>
        <translation>立即将这个失败的小时重新发送到其云市场（操作员和管理员；将记入审计）</translation>
    </message>
    <message>
        <source>Month totals</source>
        <translation>月度合计</translation>
    </message>
    <message>
        <source>Hourly ledger</source>
        <translation>每小时台账</translation>
    </message>
    <message>
        <source>Could not load metered usage: %1</source>
        <translation>无法加载计量用量：%1</translation>
    </message>
    <message>
        <source>Could not load the metering ledger: %1</source>
        <translation>无法加载计量台账：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more workspaces</source>
        <translation>
            <numerusform>… 以及另外 %n 个工作区</numerusform>
        </translation>
    </message>
    <message>
        <source>From these workspaces:
%1</source>
        <translation>来自以下工作区：
%1</translation>
    </message>
    <message>
        <source>Hourly ledger — every cloud account (%1 of %2 hours)</source>
        <translation>每小时台账 — 所有云账户（%2 小时中的 %1）</translation>
    </message>
    <message>
        <source>Hourly ledger — %1 (%2 of %3 hours)</source>
        <translation>每小时台账 — %1（%3 小时中的 %2）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 的 %1</translation>
    </message>
    <message>
        <source>Could not retry %1: %2</source>
        <translation>无法重试 %1：%2</translation>
    </message>
    <message>
        <source>%1 was accepted by the marketplace.</source>
        <translation>%1 已被云市场接受。</translation>
    </message>
    <message>
        <source>%1 was sent again and is %2: %3</source>
        <translation>%1 已重新发送，当前为%2：%3</translation>
    </message>
</context>
<context>
    <name>billing::ui::NoticeBar</name>
    <message>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>关闭通知</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The platform stopped answering at %1 (%2).</source>
        <translation>平台于 %1 停止响应（%2）。</translation>
    </message>
    <message>
        <source>&amp;Retry Now</source>
        <translation>立即重试(&amp;R)</translation>
    </message>
</context>
<context>
    <name>billing::ui::SignInDialog</name>
    <message>
        <source>&amp;Sign In</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>Company CA Certificate</source>
        <translation>公司 CA 证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Enter your staff token.</source>
        <translation>请输入您的员工令牌。</translation>
    </message>
    <message>
        <source>The platform did not accept this token: %1</source>
        <translation>平台不接受此令牌：%1</translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation>未登录：%1</translation>
    </message>
    <message>
        <source>Token Not Remembered</source>
        <translation>令牌未保存</translation>
    </message>
    <message>
        <source>You are signed in, but %1 You will be asked for the token next time.</source>
        <translation>您已登录，但%1下次将要求您输入令牌。</translation>
    </message>
</context>
<context>
    <name>billing::ui::SnapshotComparisonTab</name>
    <message>
        <source>Against &lt;b&gt;%1&lt;/b&gt;: &lt;b&gt;%2&lt;/b&gt; added, &lt;b&gt;%3&lt;/b&gt; removed, &lt;b&gt;%4&lt;/b&gt; changed (billing method %5, cloud account %6, lock %7).</source>
        <translation>与 &lt;b&gt;%1&lt;/b&gt; 相比：新增 &lt;b&gt;%2&lt;/b&gt;，移除 &lt;b&gt;%3&lt;/b&gt;，变更 &lt;b&gt;%4&lt;/b&gt;（计费方式 %5，云账户 %6，锁定 %7）。</translation>
    </message>
    <message>
        <source>The first %1 are listed; `billing-console snapshot diff` writes them all.</source>
        <translation>仅列出前 %1 个；`billing-console snapshot diff` 会输出全部。</translation>
    </message>
    <message>
        <source>Workspaces that differ</source>
        <translation>有差异的工作区</translation>
    </message>
</context>
<context>
    <name>billing::ui::SnapshotListTab</name>
    <message>
        <source>Cannot read this list: %1</source>
        <translation>无法读取此列表：%1</translation>
    </message>
    <message>
        <source>Not read</source>
        <translation>未读取</translation>
    </message>
</context>
<context>
    <name>billing::ui::SnapshotReviewWindow</name>
    <message>
        <source>Open Snapshot</source>
        <translation>打开快照</translation>
    </message>
    <message>
        <source>Snapshots (*.snapshot);;All files (*)</source>
        <translation>快照 (*.snapshot);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Open Snapshot</source>
        <translation>无法打开快照</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>Snapshot Review — %1</source>
        <translation>快照审阅 — %1</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
    <message>
        <source>&amp;Trust This Key</source>
        <translation>信任此密钥(&amp;T)</translation>
    </message>
    <message>
        <source>Pin this signing key for platform %1 after comparing its fingerprint with the platform&apos;s</source>
        <translation>与平台的指纹比对后，为平台 %1 固定此签名密钥</translation>
    </message>
    <message>
        <source>audit events %1–%2</source>
        <translation>审计事件 %1–%2</translation>
    </message>
    <message>
        <source>no audit events</source>
        <translation>无审计事件</translation>
    </message>
    <message>
        <source>Snapshot &lt;b&gt;%1&lt;/b&gt; of platform &lt;b&gt;%2&lt;/b&gt; (version %3), made %4 by &lt;b&gt;%5&lt;/b&gt; · %6 · %7</source>
        <translation>平台 &lt;b&gt;%2&lt;/b&gt;（版本 %3）的快照 &lt;b&gt;%1&lt;/b&gt;，由 &lt;b&gt;%5&lt;/b&gt; 于 %4 创建 · %6 · %7</translation>
    </message>
    <message>
        <source>&amp;Workspaces</source>
        <translation>工作区(&amp;W)</translation>
    </message>
    <message>
        <source>Audit &amp;Timeline</source>
        <translation>审计时间线(&amp;T)</translation>
    </message>
    <message>
        <source>Cannot read the snapshot: %1</source>
        <translation>无法读取快照：%1</translation>
    </message>
    <message>
        <source>Cannot read the audit trail: %1</source>
        <translation>无法读取审计记录：%1</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Snapshot…</source>
        <translation>打开快照(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Compare With…</source>
        <translation>与…比较(&amp;C)</translation>
    </message>
    <message>
        <source>Compare this snapshot with a newer one, workspace by workspace</source>
        <translation>逐个工作区地将此快照与较新的快照比较</translation>
    </message>
    <message>
        <source>&amp;Export Report…</source>
        <translation>导出报表(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a report as of this snapshot, with the workspace filters filled in</source>
        <translation>按此快照导出报表，并填入工作区筛选条件</translation>
    </message>
    <message>
        <source>&amp;Verify Again</source>
        <translation>重新验证(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Verifying the signature, the audit chain and every table… The snapshot can be read meanwhile.</source>
        <translation>正在验证签名、审计链和每张表… 同时可以阅读快照。</translation>
    </message>
    <message>
        <source>&lt;b&gt;This file is not what the platform wrote.&lt;/b&gt;</source>
        <translation>&lt;b&gt;此文件不是平台写出的原样。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Signed by %1.</source>
        <translation>由 %1 签名。</translation>
    </message>
    <message>
        <source>As the file claims: </source>
        <translation>据文件所称：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Signature, audit chain and all tables verified&lt;/b&gt;, but no signing key is pinned for platform %1 on this computer. Compare the signer&apos;s fingerprint &lt;b&gt;%2&lt;/b&gt; with the platform&apos;s before relying on the file.</source>
        <translation>&lt;b&gt;签名、审计链和所有表均已验证&lt;/b&gt;，但此计算机上没有为平台 %1 固定签名密钥。在信赖此文件之前，请将签名者的指纹 &lt;b&gt;%2&lt;/b&gt; 与平台的指纹比对。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verified:&lt;/b&gt; signed by the key pinned for platform %1 (%2); the audit chain and all %3 tables match the signed manifest.</source>
        <translation>&lt;b&gt;已验证：&lt;/b&gt;由为平台 %1 固定的密钥（%2）签名；审计链和全部 %3 张表与已签名清单一致。</translation>
    </message>
    <message>
        <source>Compare With a Newer Snapshot</source>
        <translation>与较新的快照比较</translation>
    </message>
    <message>
        <source>Comparing with %1…</source>
        <translation>正在与 %1 比较…</translation>
    </message>
    <message>
        <source>Cannot Compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <source>Compared with %1</source>
        <translation>已与 %1 比较</translation>
    </message>
</context>
<context>
    <name>billing::ui::SnapshotTimelineTab</name>
    <message>
        <source>Actor filter</source>
        <translation>操作者筛选</translation>
    </message>
    <message>
        <source>&amp;Actor:</source>
        <translation>操作者(&amp;A)：</translation>
    </message>
    <message>
        <source>Action filter</source>
        <translation>操作筛选</translation>
    </message>
    <message>
        <source>A&amp;ction:</source>
        <translation>操作(&amp;C)：</translation>
    </message>
    <message>
        <source>Workspace or other target id</source>
        <translation>工作区或其他对象 ID</translation>
    </message>
    <message>
        <source>Target filter</source>
        <translation>对象筛选</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>From day (UTC)</source>
        <translation>起始日（UTC）</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>至(&amp;O)：</translation>
    </message>
    <message>
        <source>To day (UTC), inclusive</source>
        <translation>截止日（UTC，含当日）</translation>
    </message>
    <message>
        <source>Audit timeline</source>
        <translation>审计时间线</translation>
    </message>
    <message>
        <source>Audit event details</source>
        <translation>审计事件详情</translation>
    </message>
    <message>
        <source>Select an event to see who did what, and each field before and after.</source>
        <translation>选择一个事件，查看谁做了什么，以及每个字段的前后值。</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <source>Event %1: %2</source>
        <translation>事件 %1：%2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>哈希</translation>
    </message>
    <message>
        <source>Chained to</source>
        <translation>链接到</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>No field changed.</source>
        <translation>没有字段变更。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
</context>
<context>
    <name>billing::ui::SnapshotWorkspacesTab</name>
    <message>
        <source>None on file</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Available credits</source>
        <translation>可用额度</translation>
    </message>
    <message>
        <source>Linked cloud account</source>
        <translation>关联的云账户</translation>
    </message>
    <message>
        <source>Any method allowed</source>
        <translation>允许任意计费方式</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>云市场</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>SaaS subscription</source>
        <translation>SaaS 订阅</translation>
    </message>
    <message>
        <source>Customer identifier</source>
        <translation>客户标识</translation>
    </message>
    <message>
        <source>Search id, name, owner email or cloud account</source>
        <translation>搜索 ID、名称、所有者邮箱或云账户</translation>
    </message>
    <message>
        <source>Search workspaces</source>
        <translation>搜索工作区</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>状态筛选</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Billing method filter</source>
        <translation>计费方式筛选</translation>
    </message>
    <message>
        <source>&amp;Billing method:</source>
        <translation>计费方式(&amp;B)：</translation>
    </message>
    <message>
        <source>Workspaces in the snapshot</source>
        <translation>快照中的工作区</translation>
    </message>
    <message>
        <source>Workspace details</source>
        <translation>工作区详情</translation>
    </message>
    <message>
        <source>Select a workspace to see it, its owner and its cloud account as the snapshot holds them.</source>
        <translation>选择一个工作区，查看快照中记录的该工作区、其所有者及其云账户。</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所有者账户</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Billing method</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>%1 since %2 by %3</source>
        <translation>%1，自 %2 起，由 %3</translation>
    </message>
    <message>
        <source>Days left then</source>
        <translation>当时剩余天数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Show its audit events</source>
        <translation>显示其审计事件</translation>
    </message>
</context>
<context>
    <name>billing::ui::UnbindWorkspaceDialog</name>
    <message>
        <source>&amp;Unbind</source>
        <translation>解除绑定(&amp;U)</translation>
    </message>
    <message>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Prepaid credits</source>
        <translation>预付费额度</translation>
    </message>
    <message>
        <source>No billing method: lock the workspace</source>
        <translation>无计费方式：锁定工作区</translation>
    </message>
    <message>
        <source>No billing method: &amp;lock the workspace (purged after %1 days unless a method is set)</source>
        <translation>无计费方式：锁定工作区（除非设置计费方式，否则 %1 天后清除）(&amp;L)</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2, site %3) is billed to cloud account &lt;b&gt;%4&lt;/b&gt;. Once unbound, the marketplace no longer pays for it.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2，站点 %3）由云账户 &lt;b&gt;%4&lt;/b&gt; 计费。解除绑定后，云市场将不再为其付费。</translation>
    </message>
    <message>
        <source>&amp;Credit card</source>
        <translation>信用卡(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Prepaid credits</source>
        <translation>预付费额度(&amp;P)</translation>
    </message>
    <message>
        <source>Reading the owner&apos;s payment profile…</source>
        <translation>正在读取所有者的支付资料…</translation>
    </message>
    <message>
        <source>Could not read the owner&apos;s payment profile: %1</source>
        <translation>无法读取所有者的支付资料：%1</translation>
    </message>
    <message>
        <source>&amp;Credit card (%1 ending %2)</source>
        <translation>信用卡（尾号 %2 的 %1）(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Credit card (no card on file)</source>
        <translation>信用卡（未登记卡片）(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Prepaid credits (%1 available)</source>
        <translation>预付费额度（可用 %1）(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Prepaid credits (no credits)</source>
        <translation>预付费额度（无额度）(&amp;P)</translation>
    </message>
    <message>
        <source>The workspace will be locked with no billing method; it is purged in %1 days unless staff or the customer set a method.</source>
        <translation>工作区将因无计费方式而被锁定；除非员工或客户设置计费方式，否则将在 %1 天后清除。</translation>
    </message>
    <message>
        <source>The workspace will be billed by %1 from now on.</source>
        <translation>此后该工作区将由%1计费。</translation>
    </message>
    <message>
        <source>Unbinding…</source>
        <translation>正在解除绑定…</translation>
    </message>
    <message>
        <source>Someone changed this workspace since you opened it: it is no longer billed to %1.</source>
        <translation>自您打开后，有人更改了该工作区：它不再由 %1 计费。</translation>
    </message>
    <message>
        <source>Someone changed this workspace since you opened it; it was reloaded. Review and unbind again.</source>
        <translation>自您打开后，有人更改了该工作区；已重新加载。请复核后再次解除绑定。</translation>
    </message>
</context>
<context>
    <name>billing::ui::WorkspaceDetailPanel</name>
    <message>
        <source>Workspace details</source>
        <translation>工作区详情</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Lock:</source>
        <translation>锁定：</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>站点：</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>套餐：</translation>
    </message>
    <message>
        <source>Billing method:</source>
        <translation>计费方式：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Change Billing Method…</source>
        <translation>更改计费方式…</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所有者账户</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账户：</translation>
    </message>
    <message>
        <source>Credit card:</source>
        <translation>信用卡：</translation>
    </message>
    <message>
        <source>Available credits:</source>
        <translation>可用额度：</translation>
    </message>
    <message>
        <source>Linked cloud account:</source>
        <translation>关联的云账户：</translation>
    </message>
    <message>
        <source>Cloud account</source>
        <translation>云账户</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Payment method:</source>
        <translation>支付方式：</translation>
    </message>
    <message>
        <source>Subscription:</source>
        <translation>订阅：</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>同步：</translation>
    </message>
    <message>
        <source>Marketplace identity:</source>
        <translation>云市场身份：</translation>
    </message>
    <message>
        <source>Deployments</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试用</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deletion due</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Recent audit events</source>
        <translation>最近的审计事件</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>No workspace selected</source>
        <translation>未选择工作区</translation>
    </message>
    <message>
        <source>Select a workspace in the table to see its billing state.</source>
        <translation>在表格中选择一个工作区以查看其计费状态。</translation>
    </message>
    <message>
        <source>Could not load everything: %1</source>
        <translation>未能全部加载：%1</translation>
    </message>
    <message>
        <source>Press F5 to try again.</source>
        <translation>按 F5 重试。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1, since %2 by %3</source>
        <translation>%1，自 %2 起，由 %3</translation>
    </message>
    <message>
        <source>Dissolved on %1 (%2) unless unlocked.</source>
        <translation>除非解锁，否则将于 %1（%2）解散。</translation>
    </message>
    <message>
        <source>Dissolved on %1; it can no longer be unlocked.</source>
        <translation>已于 %1 解散；无法再解锁。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Not locked</source>
        <translation>未锁定</translation>
    </message>
    <message>
        <source>%1 ending in %2</source>
        <translation>尾号 %2 的 %1</translation>
    </message>
    <message>
        <source>No card on file</source>
        <translation>未登记卡片</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>未关联</translation>
    </message>
    <message>
        <source>Any billing method allowed (account manager exemption)</source>
        <translation>允许任意计费方式（客户经理豁免）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Subscription %1, offer %2, plan %3, quantity %4</source>
        <translation>订阅 %1，产品 %2，套餐 %3，数量 %4</translation>
    </message>
    <message>
        <source>Customer %1, AWS account %2, product %3</source>
        <translation>客户 %1，AWS 账户 %2，产品 %3</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付费</translation>
    </message>
    <message>
        <source>No deployments</source>
        <translation>无部署</translation>
    </message>
    <message>
        <source>Before: %1
After: %2</source>
        <translation>之前：%1
之后：%2</translation>
    </message>
    <message>
        <source>No audit events</source>
        <translation>无审计事件</translation>
    </message>
</context>
<context>
    <name>billing::ui::WorkspaceManagementView</name>
    <message>
        <source>Workspace Management</source>
        <translation>工作区管理</translation>
    </message>
    <message>
        <source>Search id, name, owner email or cloud account (Ctrl+F)</source>
        <translation>搜索 ID、名称、所有者邮箱或云账户（Ctrl+F）</translation>
    </message>
    <message>
        <source>Search workspaces</source>
        <translation>搜索工作区</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>状态筛选</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Billing method filter</source>
        <translation>计费方式筛选</translation>
    </message>
    <message>
        <source>&amp;Billing method:</source>
        <translation>计费方式(&amp;B)：</translation>
    </message>
    <message>
        <source>Site filter</source>
        <translation>站点筛选</translation>
    </message>
    <message>
        <source>S&amp;ite:</source>
        <translation>站点(&amp;I)：</translation>
    </message>
    <message>
        <source>Marketplace filter</source>
        <translation>云市场筛选</translation>
    </message>
    <message>
        <source>&amp;Marketplace:</source>
        <translation>云市场(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Locked</source>
        <translation>已锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Show locked workspaces</source>
        <translation>显示已锁定的工作区</translation>
    </message>
    <message>
        <source>Locked workspaces, the one closest to dissolution first</source>
        <translation>已锁定的工作区，最接近解散的在前</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Show all workspaces again</source>
        <translation>重新显示所有工作区</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Could not load workspaces: %1</source>
        <translation>无法加载工作区：%1</translation>
    </message>
    <message>
        <source>Press F5 to try again.</source>
        <translation>按 F5 重试。</translation>
    </message>
    <message>
        <source>The workspaces shown are as read before, greyed; they reload by themselves when it answers again.</source>
        <translation>所显示的工作区为先前读取的内容（灰色）；平台恢复响应后会自动重新加载。</translation>
    </message>
    <message>
        <source>%1
Click to show the other workspaces again.</source>
        <translation>%1
点击以重新显示其他工作区。</translation>
    </message>
    <message>
        <source>Filter: %1. Press to remove.</source>
        <translation>筛选：%1。点击移除。</translation>
    </message>
</context>
</TS>
